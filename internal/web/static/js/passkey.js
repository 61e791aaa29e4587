// Passkeys: add one on /account, sign in with one on /signin. The controls
// are rendered hidden and shown only where WebAuthn can work (a browser with
// PublicKeyCredential, a secure context, a domain name rather than an IP
// address); without them the password form is all there is.
(() => {
  "use strict";

  const ipAddress = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;
  const supported = Boolean(window.PublicKeyCredential && navigator.credentials && window.isSecureContext &&
    !ipAddress.test(location.hostname));

  // base64url <-> ArrayBuffer, the encoding of binary fields in the JSON.
  const fromB64 = (s) => {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(s.length / 4) * 4, "="));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
  };
  const toB64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const withIDs = (list) => (list || []).map((c) => ({ ...c, id: fromB64(c.id) }));

  function creationOptions(json) {
    const pk = json.publicKey;
    return {
      publicKey: { ...pk, challenge: fromB64(pk.challenge), user: { ...pk.user, id: fromB64(pk.user.id) },
        excludeCredentials: withIDs(pk.excludeCredentials) },
    };
  }

  function requestOptions(json) {
    const pk = json.publicKey;
    return {
      mediation: "optional",
      publicKey: { ...pk, challenge: fromB64(pk.challenge), allowCredentials: withIDs(pk.allowCredentials) },
    };
  }

  // credentialJSON is PublicKeyCredential.toJSON, for browsers without it.
  function credentialJSON(cred) {
    const r = cred.response;
    const response = { clientDataJSON: toB64(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = toB64(r.authenticatorData);
      response.signature = toB64(r.signature);
      if (r.userHandle) response.userHandle = toB64(r.userHandle);
    }
    return {
      id: cred.id, rawId: toB64(cred.rawId), type: cred.type, response,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults(),
    };
  }

  // Failed is an error with a message people can read.
  class Failed extends Error {
    constructor(message, field) {
      super(message);
      this.field = field;
    }
  }

  // post sends a same-origin request and returns its JSON. Anything else
  // (a sign-in page after the session ended) reloads the page, which then
  // shows why.
  async function post(url, body, type) {
    const headers = { Accept: "application/json" };
    if (type) headers["Content-Type"] = type;
    let res;
    try {
      res = await fetch(url, { method: "POST", headers, body, credentials: "same-origin" });
    } catch {
      throw new Failed("knead could not be reached. Check your connection and try again.");
    }
    if (!/json/.test(res.headers.get("Content-Type") || "")) {
      location.reload();
      throw new Failed("Your session has ended. Reloading the page…");
    }
    const data = await res.json();
    if (!res.ok) {
      const field = data.errors && data.errors.name;
      throw new Failed(field || data.detail || data.title || "That did not work. Please try again.", field);
    }
    return data;
  }

  // browserFailure explains why navigator.credentials refused.
  function browserFailure(err, adding) {
    if (err instanceof Failed) return err;
    switch (err && err.name) {
      case "NotAllowedError":
      case "AbortError":
        return new Failed(adding ? "No passkey was added: the prompt was closed or timed out. You can try again."
          : "No passkey was used: the prompt was closed or timed out. You can try again.");
      case "InvalidStateError":
        return new Failed("This device already holds a passkey for your account.");
      case "SecurityError":
        return new Failed("Your browser refused passkeys for this address.");
      case "NotSupportedError":
        return new Failed("This device cannot make a passkey that knead can use.");
    }
    return new Failed("Something went wrong with the passkey. Please try again.");
  }

  // go follows a location from the server; the same page (with a #fragment)
  // is reloaded so that its flash message shows.
  function go(target) {
    const next = new URL(target, location.href);
    if (next.pathname === location.pathname && next.search === location.search) {
      location.hash = next.hash;
      location.reload();
    } else {
      location.assign(next);
    }
  }

  function busy(button, status, on, message) {
    button.disabled = on;
    button.setAttribute("aria-busy", on ? "true" : "false");
    status.classList.toggle("passkey-status--error", false);
    status.textContent = message;
  }

  function failed(button, status, err) {
    busy(button, status, false, err.message);
    status.classList.add("passkey-status--error");
  }

  function setupAdd(form) {
    const button = form.querySelector("button[type=submit]");
    const status = form.querySelector("[data-passkey-status]");
    const input = form.querySelector("input[name=passkey_name]");
    const fieldError = form.querySelector("[data-passkey-error]");
    const showFieldError = (msg) => {
      fieldError.textContent = msg || "";
      fieldError.hidden = !msg;
      form.querySelector("[data-passkey-field]").classList.toggle("field--error", Boolean(msg));
      if (msg) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", "f-passkey_name-hint f-passkey_name-error");
      } else {
        input.removeAttribute("aria-invalid");
        input.setAttribute("aria-describedby", "f-passkey_name-hint");
      }
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showFieldError("");
      if (!input.value.trim()) {
        showFieldError("Give the passkey a name, such as “Work laptop” or “Phone”.");
        input.focus();
        return;
      }
      busy(button, status, true, "Follow your browser’s prompt to create the passkey…");
      try {
        const options = await post("/account/passkeys/begin", new URLSearchParams(new FormData(form)));
        let cred;
        try {
          cred = await navigator.credentials.create(creationOptions(options));
        } catch (err) {
          throw browserFailure(err, true);
        }
        busy(button, status, true, "Saving the passkey…");
        const done = await post("/account/passkeys/finish", JSON.stringify(credentialJSON(cred)), "application/json");
        go(done.location);
      } catch (err) {
        const f = browserFailure(err, true);
        failed(button, status, f);
        if (f.field) {
          showFieldError(f.field);
          input.focus();
        }
      }
    });
    form.hidden = false;
  }

  function setupSignIn(box) {
    const button = box.querySelector("button");
    const status = box.querySelector("[data-passkey-status]");
    const nextInput = document.querySelector("input[name=next]");
    button.addEventListener("click", async () => {
      busy(button, status, true, "Follow your browser’s prompt to choose your passkey…");
      try {
        const options = await post("/passkeys/signin/begin");
        let cred;
        try {
          cred = await navigator.credentials.get(requestOptions(options));
        } catch (err) {
          throw browserFailure(err, false);
        }
        busy(button, status, true, "Signing you in…");
        const next = nextInput && nextInput.value ? "?next=" + encodeURIComponent(nextInput.value) : "";
        const done = await post("/passkeys/signin/finish" + next, JSON.stringify(credentialJSON(cred)),
          "application/json");
        go(done.location);
      } catch (err) {
        failed(button, status, browserFailure(err, false));
      }
    });
    box.hidden = false;
  }

  function setup() {
    if (!supported) return;
    for (const el of document.querySelectorAll("[data-passkey-unsupported]")) el.hidden = true;
    for (const form of document.querySelectorAll("form[data-passkey-add]")) setupAdd(form);
    for (const box of document.querySelectorAll("[data-passkey-signin]")) setupSignIn(box);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
