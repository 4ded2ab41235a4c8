from django import forms
from django.utils.translation import gettext_lazy as _

from core.search.search import MAX_QUERY_LENGTH, kinds, normalise_query


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, widget=forms.SearchInput)
    type = forms.ChoiceField(
        label=_("Type de contenu"),
        required=False,
        choices=lambda: [("", _("Tout le site")), *((kind.slug, kind.label) for kind in kinds())],
    )
    theme = forms.ModelChoiceField(
        label=_("Thème"),
        required=False,
        queryset=None,
        to_field_name="slug",
        empty_label=_("Tous les thèmes"),
    )
    annee = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, topics, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = topics
        self.fields["annee"].choices = [("", _("Toutes les années")), *((y, y) for y in years)]
        self.fields["q"].widget.attrs["maxlength"] = MAX_QUERY_LENGTH

    def clean_q(self):
        # Longer queries are cut rather than refused: a pasted paragraph still searches.
        return normalise_query(self.cleaned_data["q"])
