// The editor names its toolbar and dialogs in English, mostly without gettext; the admin speaks
// French. A classic script, so that it runs before the editor's modules read window.gettext.
window.NAMUR_RICHTEXT_FRENCH = {
  paragraph: "Paragraphe",
  Paragraph: "Paragraphe",
  "Heading 2": "Intertitre 2",
  "Heading 3": "Intertitre 3",
  "Heading 4": "Intertitre 4",
  heading: "Intertitre",
  "unordered list": "Liste à puces",
  "ordered list": "Liste numérotée",
  "List properties": "Propriétés de la liste",
  blockquote: "Citation",
  bold: "Gras",
  italic: "Italique",
  "insert link": "Ajouter un lien",
  "remove link": "Retirer le lien",
  undo: "Annuler",
  redo: "Rétablir",
  "Edit Link": "Lien",
  URL: "Adresse (https://…, mailto:…, tel:… ou /actualites/…)",
  Title: "Titre (facultatif)",
  Cancel: "Annuler",
  Update: "Valider",
  Insert: "Insérer",
  "List type": "Type de liste",
  "Start at": "Commencer à",
  "Decimal numbers": "Chiffres",
  "Lowercase letters": "Lettres minuscules",
  "Uppercase letters": "Lettres majuscules",
  "Lowercase Roman numerals": "Chiffres romains minuscules",
  "Uppercase Roman numerals": "Chiffres romains majuscules",
  Bullets: "Puces",
  // Already French: listed so that the button gets its accessible name (aria-label) too.
  "Lien vers une page du site": "Lien vers une page du site",
}

;(() => {
  const french = window.NAMUR_RICHTEXT_FRENCH
  const gettext = window.gettext
  window.gettext = (msgid) => french[msgid] ?? (gettext ? gettext(msgid) : msgid)
})()
