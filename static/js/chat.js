// Live conversation page: new messages, typing and read marks over the chat WebSocket.
//
// Progressive enhancement of /mesajlar/<id>/: without this script the form posts and the page
// reloads. With it, the form sends through the REST API and stays on the page, and a WebSocket
// (session auth, same origin) brings the other party's messages, typing and read marks. After a
// lost connection it reconnects with exponential backoff and fetches what it missed (`after`).
// The server ends a socket whose credentials ended (close code 4401: this session logged out, or
// a token expired): if the browser still has a valid session (say, the user logged in again in
// another tab) it reconnects with it at once; otherwise it says why and stops.
(function () {
  "use strict";

  var section = document.getElementById("chat");
  var list = document.getElementById("chat-messages");
  if (!section || !list || !window.WebSocket) {
    return;
  }

  var conversationId = section.dataset.conversationId;
  var userId = section.dataset.userId;
  var messagesUrl = section.dataset.messagesUrl;
  var readLabel = section.dataset.readLabel || "Okundu";
  var warningLabel = section.dataset.warningLabel || "Dikkat:";
  var typingIndicator = document.getElementById("chat-typing");
  var form = section.querySelector("form");
  var textarea = form ? form.querySelector("textarea[name=content]") : null;

  var TYPING_VISIBLE_MS = 5000; // the other party's indicator fades without an update
  var TYPING_SEND_EVERY_MS = 2000; // at most one "typing" frame per this while keys are pressed
  var TYPING_IDLE_MS = 3000; // "stopped typing" after this long without a key
  var BACKOFF_FIRST_MS = 1000;
  var BACKOFF_MAX_MS = 30000;
  var CLOSE_UNAUTHORIZED = 4401;
  var CLOSE_ACCOUNT_DISABLED = 4403;

  var socket = null;
  var lastError = null; // the last `error` event: its Turkish message explains a 4401 close
  var backoff = BACKOFF_FIRST_MS;
  var typingHideTimer = null;
  var typingSentAt = 0;
  var typingIdleTimer = null;
  var unreadWhileHidden = false;
  // The page's own format for a message time ("30 Kas 14:05", Istanbul time).
  var timeFormat = new Intl.DateTimeFormat("tr-TR", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Istanbul",
  });

  // --- The message list -------------------------------------------------------------------
  function lastCreatedAt() {
    var items = list.querySelectorAll("li[data-created-at]");
    return items.length ? items[items.length - 1].dataset.createdAt : null;
  }

  function hasMessage(id) {
    return Array.prototype.some.call(list.querySelectorAll("li[data-message-id]"), function (li) {
      return li.dataset.messageId === id;
    });
  }

  function findMessage(id) {
    var items = list.querySelectorAll("li[data-message-id]");
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].dataset.messageId === id) {
        return items[i];
      }
    }
    return null;
  }

  function showRead(item) {
    var mark = item.querySelector(".message-read");
    if (!mark) {
      mark = document.createElement("span");
      mark.className = "message-read";
      mark.textContent = readLabel;
      item.appendChild(mark);
    }
    mark.hidden = false;
  }

  function append(message) {
    if (!message || !message.id || hasMessage(message.id)) {
      return false;
    }
    var own = message.sender_id === userId;
    var item = document.createElement("li");
    item.className = "message " + (own ? "message-own" : "message-other");
    item.dataset.messageId = message.id;
    item.dataset.createdAt = message.created_at;
    var content = document.createElement("p");
    content.className = "message-content";
    // Shown as typed: text nodes only (never innerHTML), line breaks as <br> like the page.
    String(message.content)
      .split("\n")
      .forEach(function (line, index) {
        if (index) {
          content.appendChild(document.createElement("br"));
        }
        content.appendChild(document.createTextNode(line));
      });
    var time = document.createElement("time");
    time.setAttribute("datetime", message.created_at);
    time.textContent = timeFormat.format(new Date(message.created_at));
    item.appendChild(content);
    item.appendChild(time);
    if (own && message.read_at) {
      showRead(item);
    }
    // The scam warning: the server sends it to the recipient only (null for the sender).
    if (!own && message.warning && message.warning.message) {
      var warning = document.createElement("p");
      warning.className = "message-warning";
      warning.setAttribute("role", "note");
      warning.dataset.reasons = (message.warning.reasons || []).join(" ");
      var label = document.createElement("strong");
      label.textContent = warningLabel;
      warning.appendChild(label);
      warning.appendChild(document.createTextNode(" " + message.warning.message));
      item.appendChild(warning);
    }
    // Keep the list in time order even when a fetched page and live events interleave.
    var next = null;
    var at = Date.parse(message.created_at);
    var items = list.querySelectorAll("li[data-created-at]");
    for (var i = items.length - 1; i >= 0; i -= 1) {
      if (Date.parse(items[i].dataset.createdAt) <= at) {
        break;
      }
      next = items[i];
    }
    list.insertBefore(item, next);
    var empty = section.querySelector(".chat-empty"); // "No messages yet" is no longer true
    if (empty) {
      empty.parentNode.removeChild(empty);
    }
    item.scrollIntoView({ block: "end" });
    return true;
  }

  // --- The other party's typing -------------------------------------------------------------
  function setTyping(visible) {
    if (!typingIndicator) {
      return;
    }
    typingIndicator.hidden = !visible;
    window.clearTimeout(typingHideTimer);
    if (visible) {
      typingHideTimer = window.setTimeout(function () {
        typingIndicator.hidden = true;
      }, TYPING_VISIBLE_MS);
    }
  }

  // --- The socket -------------------------------------------------------------------------
  function send(type, data) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: type, data: data || {} }));
      return true;
    }
    return false;
  }

  function markRead() {
    if (document.visibilityState === "visible") {
      unreadWhileHidden = false;
      send("mark_read", { conversation_id: conversationId });
    } else {
      unreadWhileHidden = true;
    }
  }

  function onEvent(event) {
    var data = event.data || {};
    if (data.conversation_id && data.conversation_id !== conversationId) {
      return;
    }
    if (event.type === "new_message") {
      var fromOther = data.message && data.message.sender_id !== userId;
      if (append(data.message) && fromOther) {
        setTyping(false);
        markRead();
      }
    } else if (event.type === "typing") {
      if (data.user_id !== userId) {
        setTyping(Boolean(data.typing));
      }
    } else if (event.type === "message_read") {
      if (data.read_by !== userId) {
        var item = findMessage(data.message_id);
        if (item) {
          showRead(item);
        }
      }
    } else if (event.type === "order.updated") {
      refreshOrderCard();
    }
  }

  // The Güvenli Ödeme card (orders) is server-rendered: a changed order fetches the page again
  // and swaps in its fresh card, so "Güvenli Öde" or the new state shows without a reload.
  function refreshOrderCard() {
    var card = document.getElementById("order-card");
    if (!card || !window.fetch || !window.DOMParser) {
      return;
    }
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("order-card");
        if (fresh) {
          card.replaceWith(fresh);
        }
      })
      .catch(function () {});
  }

  function fetchMissed(pagesLeft) {
    if (pagesLeft === undefined) {
      pagesLeft = 10; // 10 pages of 50: a longer gap is better read after a reload
    }
    var after = lastCreatedAt();
    var url = new URL(messagesUrl, window.location.href);
    if (after) {
      url.searchParams.set("after", after);
    }
    url.searchParams.set("mark_as_read", document.visibilityState === "visible" ? "true" : "false");
    return window
      .fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        var data = (body && body.data) || {};
        var messages = data.messages || [];
        messages.forEach(append);
        if (after && data.pagination && data.pagination.has_more && messages.length && pagesLeft > 1) {
          return fetchMissed(pagesLeft - 1);
        }
        return null;
      })
      .catch(function () {
        // The next reconnect tries again.
      });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(scheme + "//" + window.location.host + "/api/websocket/connect");
    socket.addEventListener("message", function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      if (event.type === "connected") {
        backoff = BACKOFF_FIRST_MS;
        send("subscribe_conversation", { conversation_id: conversationId });
      } else if (event.type === "error") {
        lastError = event.data || null;
      } else if (event.type === "subscribed") {
        section.dataset.live = "on"; // for styles (and tests): live updates are flowing
        // Whatever arrived between the page render (or the lost connection) and now.
        fetchMissed();
      } else {
        onEvent(event);
      }
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      section.dataset.live = "off";
      setTyping(false);
      if (event.code === CLOSE_ACCOUNT_DISABLED) {
        showError((lastError && lastError.message) || "");
        return; // suspended: reconnecting cannot help
      }
      if (event.code === CLOSE_UNAUTHORIZED) {
        reconnectIfStillLoggedIn();
        return;
      }
      var delay = backoff + Math.random() * backoff * 0.3;
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
      window.setTimeout(connect, delay);
    });
  }

  function reconnectIfStillLoggedIn() {
    // One cheap authenticated request tells whether the browser's session is (again) valid.
    var url = new URL(messagesUrl, window.location.href);
    url.searchParams.set("limit", "1");
    url.searchParams.set("mark_as_read", "false");
    window
      .fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.ok) {
          lastError = null;
          backoff = BACKOFF_FIRST_MS;
          connect();
        } else {
          showError((lastError && lastError.message) || "");
        }
      })
      .catch(function () {
        // Offline: try again later, like any lost connection.
        window.setTimeout(reconnectIfStillLoggedIn, BACKOFF_MAX_MS);
      });
  }

  // --- Our own typing and sending ---------------------------------------------------------
  function stopTyping() {
    window.clearTimeout(typingIdleTimer);
    if (typingSentAt) {
      typingSentAt = 0;
      send("typing", { conversation_id: conversationId, typing: false });
    }
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function showError(text) {
    var error = section.querySelector("#chat-error");
    if (!error) {
      error = document.createElement("p");
      error.id = "chat-error";
      error.className = "form-error";
      error.setAttribute("role", "alert");
      form.parentNode.insertBefore(error, form);
    }
    error.textContent = text;
    error.hidden = !text;
  }

  if (form && textarea) {
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - typingSentAt >= TYPING_SEND_EVERY_MS) {
        if (send("typing", { conversation_id: conversationId, typing: true })) {
          typingSentAt = now;
        }
      }
      window.clearTimeout(typingIdleTimer);
      typingIdleTimer = window.setTimeout(stopTyping, TYPING_IDLE_MS);
    });

    // Enter sends, Shift+Enter breaks the line (not while an input method is composing).
    textarea.addEventListener("keydown", function (keyEvent) {
      if (
        keyEvent.key !== "Enter" ||
        keyEvent.shiftKey ||
        keyEvent.altKey ||
        keyEvent.ctrlKey ||
        keyEvent.metaKey ||
        keyEvent.isComposing ||
        keyEvent.keyCode === 229
      ) {
        return;
      }
      keyEvent.preventDefault();
      var button = form.querySelector("button[type=submit], button:not([type])");
      // The button, not form.submit(): the same validation and submit handler as a tap, and
      // nothing while it is disabled (a send in flight).
      if (button && textarea.value.trim()) {
        button.click();
      }
    });

    form.addEventListener("submit", function (submitEvent) {
      if (!window.fetch) {
        return; // the plain form post
      }
      submitEvent.preventDefault();
      var content = textarea.value;
      var button = form.querySelector("button[type=submit], button:not([type])");
      if (button) {
        button.disabled = true;
      }
      stopTyping();
      window
        .fetch(messagesUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            Accept: "application/json",
            "Content-Type": "application/json",
            "X-CSRFToken": csrfToken(),
          },
          body: JSON.stringify({ content: content }),
        })
        .then(function (response) {
          return response.json().then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (result) {
          if (result.ok && result.body && result.body.data) {
            append(result.body.data.message || result.body.data);
            textarea.value = "";
            showError("");
          } else {
            var error = result.body && result.body.error;
            showError((error && error.message) || "");
          }
        })
        .catch(function () {
          form.submit(); // the API cannot be reached: fall back to the plain post
        })
        .finally(function () {
          if (button) {
            button.disabled = false;
          }
          textarea.focus();
        });
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && unreadWhileHidden) {
      markRead();
    }
  });

  connect();
})();
