/* Passkeys (WebAuthn): adding one on My account, and signing in with one on the sign-in
   page or at the second step. The server hands out the options (JSON, binary fields in
   base64url) and checks the answers; this file only converts between base64url and the
   ArrayBuffers the browser's API takes, and posts with the CSRF token (admin.js). */
(function () {
  "use strict";

  function toBuffer(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBuffers(options) {
    options.challenge = toBuffer(options.challenge);
    if (options.user) { options.user.id = toBuffer(options.user.id); }
    ["excludeCredentials", "allowCredentials"].forEach(function (name) {
      (options[name] || []).forEach(function (item) { item.id = toBuffer(item.id); });
    });
    return options;
  }

  /** The credential as JSON, as py_webauthn reads it. */
  function credentialJSON(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toText(response.attestationObject);
      if (response.getTransports) { json.response.transports = response.getTransports(); }
    } else {
      json.response.authenticatorData = toText(response.authenticatorData);
      json.response.signature = toText(response.signature);
      if (response.userHandle) { json.response.userHandle = toText(response.userHandle); }
    }
    return json;
  }

  function firstMessage(body) {
    for (var field in body) {
      if (Array.isArray(body[field]) && body[field].length) { return body[field][0]; }
    }
    return "";
  }

  function run(box, status, ceremony) {
    var post = window.PortfolioAdmin.postJSON;
    status.textContent = "";
    return post(box.getAttribute("data-options-url"), {}).then(function (answer) {
      if (!answer.ok) { throw new Error(firstMessage(answer.body)); }
      return ceremony(withBuffers(answer.body));
    }).then(function (result) {
      if (!result) { return; }
      if (!result.ok) { status.textContent = firstMessage(result.body); return; }
      window.location.assign(result.body.redirect);
    }).catch(function (error) {
      status.textContent = (error && error.message && error.name === "Error")
        ? error.message : status.getAttribute("data-cancelled");
    });
  }

  function setUpRegistration(section) {
    var add = section.querySelector("[data-passkey-add]");
    var button = section.querySelector("[data-passkey-register]");
    var name = section.querySelector("#passkey-name");
    var status = section.querySelector("[data-passkey-status]");
    add.hidden = false;
    button.addEventListener("click", function () {
      run(section, status, function (options) {
        return navigator.credentials.create({ publicKey: options }).then(function (credential) {
          return window.PortfolioAdmin.postJSON(section.getAttribute("data-register-url"), {
            name: name.value, credential: credentialJSON(credential)
          });
        });
      });
    });
  }

  function setUpSignIn(box) {
    var button = box.querySelector("[data-passkey-sign-in]");
    var status = box.querySelector("[data-passkey-status]");
    box.hidden = false;
    button.addEventListener("click", function () {
      run(box, status, function (options) {
        return navigator.credentials.get({ publicKey: options }).then(function (credential) {
          return window.PortfolioAdmin.postJSON(box.getAttribute("data-verify-url"), {
            credential: credentialJSON(credential)
          });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.PublicKeyCredential || !navigator.credentials) { return; }
    document.querySelectorAll("[data-passkeys]").forEach(setUpRegistration);
    document.querySelectorAll("[data-passkey-sign-in-box]").forEach(setUpSignIn);
  });
})();
