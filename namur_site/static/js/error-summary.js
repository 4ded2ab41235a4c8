// A form sent back with errors: move the focus to the summary of what to fix, so that a screen
// reader reads it at once and the next Tab reaches its first link, instead of the page's top.
// Without this script the summary is still the first thing after the heading.
"use strict"

;(() => {
  const summary = document.querySelector(".error-summary")
  if (summary) summary.focus()
})()
