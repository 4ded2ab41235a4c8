"""The core's models, on the tables namur_site created when it held the core (0002, 0004-0006).

Only Django's state changes: the tables, their rows and their indexes stay; namur_site's 0007
drops the models from its own state. The content types follow, so that permissions and the
versions' generic relations keep pointing at them.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ("revision", "workerheartbeat")


def move_content_types(apps, schema_editor, old="namur_site", new="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="core", new="namur_site")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('namur_site', '0006_worker_heartbeat'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(move_content_types, move_content_types_back), migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seen_at', models.DateTimeField(verbose_name='dernier relevé de la file')),
            ],
            options={
                'verbose_name': 'présence du worker',
                'verbose_name_plural': 'présences du worker',
                'db_table': 'namur_site_workerheartbeat',
            },
        ),
        migrations.CreateModel(
            name='Revision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='identifiant du contenu')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='enregistrée le')),
                ('comment', models.CharField(blank=True, max_length=200, verbose_name='action')),
                ('changed_fields', models.JSONField(blank=True, default=list, verbose_name='champs modifiés')),
                ('data', models.JSONField(default=dict, verbose_name='contenu')),
                ('proposal', models.CharField(blank=True, choices=[('pending', 'En attente de relecture'), ('published', 'Publiée'), ('discarded', 'Écartée')], default='', max_length=10, verbose_name='modification proposée')),
                ('based_on', models.DateTimeField(blank=True, null=True, verbose_name='version publiée de référence')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='relue le')),
                ('review_note', models.TextField(blank=True, max_length=2000, verbose_name='commentaire de relecture')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='type de contenu')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='relue par')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='par')),
            ],
            options={
                'verbose_name': 'version',
                'verbose_name_plural': 'versions',
                'db_table': 'namur_site_revision',
                'ordering': ['-created', '-pk'],
                'get_latest_by': 'created',
                'indexes': [models.Index(fields=['content_type', 'object_id', '-created'], name='namur_site_revision_item'), models.Index(condition=models.Q(('proposal', ''), _negated=True), fields=['proposal', 'content_type'], name='namur_site_revision_proposal')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('proposal', 'pending')), fields=('content_type', 'object_id'), name='namur_site_revision_one_pending', violation_error_message='Un contenu n’a qu’une modification en attente.')],
            },
        ),
    ])]
