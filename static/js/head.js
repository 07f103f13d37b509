// Runs before the page is drawn (not deferred): the stylesheet folds the menu on a phone for pages
// with scripts, so the header has its final height at first paint. No inline script: the site's
// Content Security Policy allows scripts from this origin only.
document.documentElement.classList.add("js");
