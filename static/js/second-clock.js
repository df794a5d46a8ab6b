// Progressive enhancement: offer the visitor's own time zone as the second clock (schedule and event pages).
// Without JavaScript the zone list and its button do the same job. The option's value is the IANA ID (it goes
// into the shareable ?tz= URL); its text is the zone's name in the page's language, as the browser knows it.
(function () {
  "use strict";
  var select = document.getElementById("id_tz");
  if (!select || typeof Intl === "undefined") { return; }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { return; }
  if (!zone) { return; }
  var label = select.dataset.ownZoneLabel || "";
  var existing = Array.prototype.filter.call(select.options, function (option) { return option.value === zone; })[0];
  if (existing) {
    if (label && existing.textContent.indexOf(label) === -1) { existing.textContent += " · " + label; }
    return;
  }
  var name = "";
  try {
    var parts = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      timeZone: zone, timeZoneName: "long"
    }).formatToParts(new Date());
    parts.forEach(function (part) { if (part.type === "timeZoneName") { name = part.value; } });
  } catch (error) { return; }
  if (!name) { return; }
  var option = document.createElement("option");
  option.value = zone;
  option.textContent = label ? name + " · " + label : name;
  select.appendChild(option);
})();
