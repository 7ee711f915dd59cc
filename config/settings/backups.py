"""Backups (`manage.py backup` / `restore`, marketplace/backups/): where the encrypted dumps go,
the key they are encrypted with and how many are kept. Part of the shared settings (base.py
imports it); every value comes from the environment."""

from __future__ import annotations

from config.settings.environment import env, env_int

# The bucket the backups are written to: another bucket than the media's (AWS_STORAGE_BUCKET_NAME),
# ideally in another account, so that one leaked media key cannot delete the backups too.
BACKUP_S3_BUCKET = env.str("BACKUP_S3_BUCKET", default="")
BACKUP_S3_PREFIX = env.str("BACKUP_S3_PREFIX", default="backups/")
# Credentials and endpoint default to the media storage's.
BACKUP_S3_ENDPOINT_URL = env.str("BACKUP_S3_ENDPOINT_URL", default="") or env.str(
    "AWS_S3_ENDPOINT_URL", default=""
)
BACKUP_S3_REGION = env.str("BACKUP_S3_REGION", default="") or env.str(
    "AWS_S3_REGION_NAME", default="eu-central-1"
)
BACKUP_S3_ACCESS_KEY_ID = env.str("BACKUP_S3_ACCESS_KEY_ID", default="") or env.str(
    "AWS_ACCESS_KEY_ID", default=""
)
BACKUP_S3_SECRET_ACCESS_KEY = env.str("BACKUP_S3_SECRET_ACCESS_KEY", default="") or env.str(
    "AWS_SECRET_ACCESS_KEY", default=""
)
# 32 random bytes, URL-safe base64 (`python3 -c 'import base64,os;
# print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`). Keep a copy outside the bucket:
# a backup cannot be read without it.
BACKUP_ENCRYPTION_KEY = env.str("BACKUP_ENCRYPTION_KEY", default="")
# Retention: the newest backup of each of the last N days, M ISO weeks and K months stays.
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 4)
BACKUP_KEEP_MONTHLY = env_int("BACKUP_KEEP_MONTHLY", 12)
