/*
 * Prepopulated slugs in the admin keep the words apart: "Nanjing–Leipzig Evening Talk" (an en dash) gives
 * "nanjing-leipzig-evening-talk", where Django's URLify alone deletes the dash and gives "nanjingleipzig-…".
 *
 * Loaded after Django's admin/js/urlify.js (ModelAdmin media), it wraps the global URLify that
 * prepopulate.js calls on every keystroke. The rules are those of nanjingweek/slugs.py `slug_from`:
 * ä ö ü ß become ae oe ue ss, apostrophes join their word, every other punctuation mark or symbol
 * (dashes of every kind, slashes, colons, 。，：) separates words; Django's URLify does the rest. A name only
 * in Chinese gives no slug here; the server spells it in pinyin when the form is saved with the slug empty.
 */
"use strict";
(function () {
    const urlify = window.URLify;
    if (typeof urlify !== "function") {
        return;
    }
    const GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS" };
    const APOSTROPHES = /['\u2019\u02bc]/g;
    const SEPARATORS = /[\p{P}\p{S}]/gu;

    window.URLify = function (text, maxLength, allowUnicode) {
        let words = String(text).replace(APOSTROPHES, "");
        if (!allowUnicode) {
            // As the server's slugify: German letters written out, then compatibility forms (CO₂ → CO2).
            words = words.replace(/[äöüÄÖÜßẞ]/g, (letter) => GERMAN[letter]).normalize("NFKD");
        }
        return urlify(words.replace(SEPARATORS, " "), maxLength, allowUnicode);
    };
})();
