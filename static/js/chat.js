// Placeholder: the live chat script (WebSocket, typing, read marks) replaces this file.
