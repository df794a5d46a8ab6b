// modeltranslation's language tabs read "en", "de", "zh-hans": each is named as the admin names its languages
// ("German", „Deutsch“, “德语”), from the list templates/admin/base_site.html puts in a <meta>. Tabs built later
// (an inline row added with "Add another") are renamed as they appear.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="nanjingweek-language-names"]');
  if (!meta) {
    return;
  }
  var names = {};
  meta.content.split("|").forEach(function (pair) {
    var colon = pair.indexOf(":");
    names[pair.slice(0, colon)] = pair.slice(colon + 1);
  });

  function rename(root) {
    root.querySelectorAll(".ui-tabs-nav a").forEach(function (link) {
      var code = link.textContent.trim();
      if (Object.prototype.hasOwnProperty.call(names, code)) {
        link.textContent = names[code];
        link.setAttribute("hreflang", code);
      }
    });
  }

  function start() {
    rename(document);
    new MutationObserver(function () {
      rename(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  // Queued after modeltranslation's own ready handler (its script comes first), so its tabs exist by then.
  var jQuery = window.django && window.django.jQuery;
  if (jQuery) {
    jQuery(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
