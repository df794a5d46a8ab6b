// Progressive enhancement: offer the visitor's own time zone as the second clock (schedule and event pages).
// Without JavaScript the zone list and its button do the same job. The option's value is the IANA ID (it goes
// into the shareable ?tz= URL); its text is the zone's name in the page's language, as the browser knows it.
// The first Intl.DateTimeFormat of a page loads the browser's calendar data, tens of milliseconds on a slow phone:
// so one formatter gives both the zone and its name, and it is made when the browser is idle after loading (or
// at once when the visitor reaches for the list first), never while the page is still being put on screen.
(function () {
  "use strict";
  var select = document.getElementById("id_tz");
  if (!select || typeof Intl === "undefined") { return; }
  var done = false;

  function offerOwnZone() {
    if (done) { return; }
    done = true;
    var formatter, zone;
    try {
      formatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeZoneName: "long" });
      zone = formatter.resolvedOptions().timeZone;
    } catch (error) { return; }
    if (!zone) { return; }
    var label = select.dataset.ownZoneLabel || "";
    var existing = Array.prototype.filter.call(select.options, function (option) { return option.value === zone; })[0];
    if (existing) {
      if (label && existing.textContent.indexOf(label) === -1) {
        // A renamed option leaves Chrome's select at its old width, cutting the longer name: a new option resizes it.
        var renamed = existing.cloneNode(true);
        renamed.textContent += " · " + label;
        renamed.selected = existing.selected;
        select.replaceChild(renamed, existing);
      }
      return;
    }
    var name = "";
    try {
      formatter.formatToParts(new Date()).forEach(function (part) {
        if (part.type === "timeZoneName") { name = part.value; }
      });
    } catch (error) { return; }
    if (!name) { return; }
    var option = document.createElement("option");
    option.value = zone;
    option.textContent = label ? name + " · " + label : name;
    select.appendChild(option);
  }

  // A visitor who opens the list before the browser was idle sees their zone in it all the same.
  ["focus", "pointerdown"].forEach(function (type) { select.addEventListener(type, offerOwnZone, { once: true }); });
  function whenIdle() {
    if (window.requestIdleCallback) { window.requestIdleCallback(offerOwnZone, { timeout: 3000 }); }
    else { window.setTimeout(offerOwnZone, 200); }
  }
  if (document.readyState === "complete") { whenIdle(); } else { window.addEventListener("load", whenIdle); }
})();
