"""Buyer–seller conversations and the live chat (Channels over WebSocket, typing and read events).

Owns: `Conversation`, `Message`, blocks and message reports, the chat consumers and the
realtime fan-out (`realtime.py`), one message shape for the API, the socket and notifications
(`serializers.py`), its error codes (`error_codes.py`).

May call: the core; `parts` only through `parts.selectors`/`services`/`serializers`;
`integrations` only through `integrations.services`. Registers with the core: what a ban and a
password change do to open sockets, the channel-layer health check, its KVKK export/erasure; with
integrations: the "is this new-message notice still unread?" relevance check.
"""
