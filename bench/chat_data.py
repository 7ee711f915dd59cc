"""Bench conversations: bench users, their listings, conversations and access tokens.

Created once on the project's database (whatever DATABASE_URL says) and reused by later runs;
each run mints fresh tokens. Used in-process by `bench.websocket` and as a subprocess
(`python -m bench.chat_data N DOMAIN`, JSON on stdout) by the HTTP benchmark, which does not
load Django itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

SETUP_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class BenchConversation:
    id: str
    buyer_token: str
    seller_token: str


def conversations_ensure(*, count: int, email_domain: str) -> list[BenchConversation]:
    """`count` conversations between bench users `seller-N@domain` and `buyer-N@domain`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from marketplace.models import User
    from marketplace.tokens import access_token_create
    from messaging.models import ConversationStatus
    from messaging.services import conversation_open
    from parts.models import Part
    from parts.services import part_create

    conversations = []
    for index in range(count):
        seller, _ = User.objects.get_or_create(email=f"seller-{index}@{email_domain}")
        buyer, _ = User.objects.get_or_create(email=f"buyer-{index}@{email_domain}")
        part = Part.objects.filter(seller=seller).first() or part_create(
            seller=seller,
            data={
                "title": f"Bench alternatör {index}",
                "part_reference": f"BENCH-{index}",
                "condition": "Kullanılabilir",
                "price": "850.00",
                "location_city": "İstanbul",
                "brand": "BMW",
                "model": "E46",
                "year": 2003,
                "description": "Sohbet ölçümü için",
            },
        )
        conversation = conversation_open(part=part, buyer=buyer)
        if conversation.status != ConversationStatus.ACTIVE:
            raise RuntimeError(f"bench conversation {conversation.pk} is not active")
        conversations.append(
            BenchConversation(
                id=str(conversation.pk),
                buyer_token=access_token_create(user=buyer),
                seller_token=access_token_create(user=seller),
            )
        )
    return conversations


def conversations_ensure_in_subprocess(
    *, count: int, email_domain: str, environment: Mapping[str, str], cwd: Path
) -> list[BenchConversation]:
    """The same, in a child process with the project's environment (settings, DATABASE_URL)."""
    print(f"bench: ensuring {count} bench conversations ...", file=sys.stderr, flush=True)
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.chat_data", str(count), email_domain],
            cwd=cwd,
            env=dict(environment),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(
            f"bench conversations not ready within {SETUP_TIMEOUT_SECONDS} s"
        ) from error
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.splitlines()[-15:])
        raise RuntimeError(
            f"bench.chat_data exited {completed.returncode} (is the database migrated?):\n{tail}"
        )
    return [BenchConversation(**item) for item in json.loads(completed.stdout)]


def main(argv: list[str]) -> int:
    count, email_domain = int(argv[0]), argv[1]
    conversations = conversations_ensure(count=count, email_domain=email_domain)
    print(json.dumps([asdict(conversation) for conversation in conversations]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
