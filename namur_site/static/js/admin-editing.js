// The change form of news and press releases: the soft edit lock (who else is editing) and the
// checks before publishing, updated as the editor types. A static file, so that the admin keeps
// its strict Content-Security-Policy; without JavaScript, the server's first rendering stands.
"use strict"
;(() => {
  const CHECK_DELAY_MS = 800

  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]")
    return input ? input.value : ""
  }

  function post(url, body, form, signal) {
    return fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      signal,
    }).then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
  }

  // The lock: renewed every half minute while the page is open, given back when it is left.
  function startLock(element, form) {
    const { renewUrl, releaseUrl, token } = element.dataset
    const every = Number(element.dataset.heartbeat || 30) * 1000
    const banner = element.querySelector(".edit-lock-banner")
    const who = element.querySelector(".edit-lock-who")
    let timer = null

    function show(text) {
      if (who.textContent !== text) who.textContent = text
      banner.hidden = !text
    }

    function renew() {
      const body = new FormData()
      body.append("token", token)
      post(renewUrl, body, form)
        .then((answer) => show(answer.editing || ""))
        .catch(() => stop()) // signed out, or the item is gone: nothing left to hold
    }

    function start() {
      if (timer === null) timer = window.setInterval(renew, every)
    }

    function stop() {
      if (timer !== null) window.clearInterval(timer)
      timer = null
    }

    window.addEventListener("pagehide", () => {
      stop()
      const body = new FormData()
      body.append("csrfmiddlewaretoken", csrfToken(form))
      body.append("token", token)
      navigator.sendBeacon(releaseUrl, body)
    })
    // Back to the page from the browser's cache: the lock was given back when it was left.
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        renew()
        start()
      }
    })
    start()
  }

  // The checks: the checked fields are sent a moment after the editor stops typing.
  function startChecks(panel, form) {
    const url = panel.dataset.checksUrl
    const names = (panel.dataset.fields || "").split(" ").filter(Boolean)
    const imageName = panel.dataset.imageField
    const summary = panel.querySelector(".publish-checks-summary")
    const findings = panel.querySelector(".publish-checks-findings")
    let timer = null
    let running = null

    function hasImage() {
      if (!imageName) return false
      const input = form.elements.namedItem(imageName)
      if (input && input.files && input.files.length) return true
      const cleared = form.elements.namedItem(`${imageName}-clear`)
      const current = form.querySelector(`.field-${imageName} .file-upload a`)
      return Boolean(current) && !(cleared && cleared.checked)
    }

    function check() {
      const body = new FormData()
      for (const name of names) {
        const field = form.elements.namedItem(name)
        if (field && "value" in field) body.append(name, field.value)
      }
      body.append("_has_image", hasImage() ? "1" : "0")
      if (running) running.abort()
      running = new AbortController()
      post(url, body, form, running.signal)
        .then((answer) => {
          findings.innerHTML = answer.html
          if (summary.textContent !== answer.summary) summary.textContent = answer.summary
        })
        .catch(() => {}) // a later check replaced this one, or the network failed: keep the last
    }

    function later(event) {
      const name = event.target && event.target.name
      if (!names.includes(name) && name !== imageName && name !== `${imageName}-clear`) return
      window.clearTimeout(timer)
      timer = window.setTimeout(check, CHECK_DELAY_MS)
    }

    form.addEventListener("input", later)
    form.addEventListener("change", later)
  }

  function start() {
    const panel = document.getElementById("publish-checks")
    const lock = document.getElementById("edit-lock")
    const form = panel
      ? document.getElementById(panel.dataset.form)
      : lock && lock.closest("form")
    if (lock && form) startLock(lock, form)
    if (panel && form) startChecks(panel, form)
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
