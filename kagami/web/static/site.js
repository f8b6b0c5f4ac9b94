// Images whose stored URL does not load (an external CDN offline, a dead link) fall back to
// Kagami's own generated placeholder, named in the image's data-fallback attribute.
(function () {
  "use strict";
  function fallBack(img) {
    var fallback = img.getAttribute("data-fallback");
    if (fallback && img.getAttribute("src") !== fallback) {
      img.setAttribute("src", fallback);
    }
  }
  document.addEventListener("error", function (event) {
    if (event.target && event.target.tagName === "IMG") {
      fallBack(event.target);
    }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("img[data-fallback]").forEach(function (img) {
      if (img.complete && img.naturalWidth === 0) {
        fallBack(img);
      }
    });
  });
})();
