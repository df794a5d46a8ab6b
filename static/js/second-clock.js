// Progressive enhancement: offer the visitor's own time zone as the schedule's second clock.
// Without JavaScript the zone list and the "Show events" button do the same job.
(function () {
  "use strict";
  var select = document.getElementById("id_tz");
  if (!select || typeof Intl === "undefined") { return; }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { return; }
  if (!zone) { return; }
  var known = Array.prototype.some.call(select.options, function (option) { return option.value === zone; });
  if (!known) {
    var option = document.createElement("option");
    option.value = zone;
    option.textContent = zone.replace(/_/g, " ") + " (" + (select.dataset.ownZoneLabel || zone) + ")";
    select.appendChild(option);
  }
})();
