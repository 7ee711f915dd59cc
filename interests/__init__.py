"""Interest-gating: a buyer's one answer per listing — interested (opens a conversation) or not
interested (hides the listing from their searches) — and the seller's "share my phone".

Owns: `Interest`, the rule "one answer per user per part, never on your own part"
(`services.interest_express`), its API, pages and error codes (`error_codes.py`).

May call: the core; `parts` and `messaging` only through their `selectors`/`services` (and
`serializers` for the part summary it embeds); `integrations` only through
`integrations.services`. Registers with the core: its KVKK export/erasure.
"""
