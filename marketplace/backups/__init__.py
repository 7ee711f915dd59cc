"""Backups of the database (pg_dump -Fc) and the media files, encrypted client-side and kept in an
S3 bucket: `manage.py backup`, `manage.py restore` (see `services.py`)."""
