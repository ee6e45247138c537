// Draws the API reference from the OpenAPI document named by #swagger-ui's data-spec-url.
// Kept out of the page because the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    // No badge: it would send the document to validator.swagger.io.
    validatorUrl: null,
    // "Try it out" keeps the token between reloads of the page, in this browser only.
    persistAuthorization: true,
    tryItOutEnabled: false,
  });
})();
