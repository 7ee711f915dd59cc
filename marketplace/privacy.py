"""Personal data shown to other users: masked e-mail addresses (KVKK)."""


def mask_email(email: str) -> str:
    """`kullanici@example.com` -> `k****@example.com`; the domain stays, the mailbox does not."""
    local, separator, domain = email.partition("@")
    if not separator:
        return "****"
    return f"{local[:1]}****@{domain}"
