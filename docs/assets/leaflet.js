// The printed page's address (hooks/pls/leaflet.py): a build without site_url knows only the
// page's path, so the address the reader opened is written in its place, for the paper to say
// where the page can be found again. Nothing is sent anywhere.
(function () {
  "use strict";
  var address = location.href.split("#")[0];
  document.querySelectorAll(".pls-leaflet-address").forEach(function (element) {
    if (/^https?:/.test(address)) element.textContent = address;
  });
})();
