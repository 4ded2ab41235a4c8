// Slugs the admin writes from a French title: « Fin d’année » gives « fin-d-annee », as the
// server does (core.french.slug_of). Django's URLify drops apostrophes, gluing the
// words together; here they become spaces first, which URLify turns into hyphens. Accents are
// always dropped: the site's addresses are ASCII, tags' included (their pages' <slug:slug>
// matches no « é »), even where a package's slug field would take any letter.
(function () {
  "use strict";
  const urlify = window.URLify;
  if (typeof urlify !== "function") {
    return; // a page with no slug to fill in
  }
  const apostrophes = /['’‘ʼ‛`´′]/g;
  // Letters URLify would drop instead of spelling out: « cœur » is « coeur », not « cur ».
  const ligatures = { "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE" };
  window.URLify = function (text, maxLength) {
    const spelt = String(text)
      .replace(apostrophes, " ")
      .replace(/[œŒæÆ]/g, (letter) => ligatures[letter]);
    return urlify(spelt, maxLength, false);
  };
})();
