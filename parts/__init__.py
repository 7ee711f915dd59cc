"""The parts catalogue: listings, their photos, brands, the Turkish search, the home page.

Owns: `Part`, `PartImage`, the search index (`SearchWord`), listing validation, photo processing,
the visitors' search cache, sitemaps of listings, brands and cities.

May call: the core (`marketplace`); `interests` only through `interests.selectors`/`services`
(e.g. the parts a buyer hid with "not interested"); `integrations` only through
`integrations.services` (notifications, analytics events). Registers with the core: ban/unban
effects on listings, its KVKK export/erasure, its error codes (`error_codes.py`).
"""
