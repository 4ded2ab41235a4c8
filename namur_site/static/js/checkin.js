// The check-in page at the door. Without this script the form works as it is: type the code,
// send, read the answer. With it, the answer comes without leaving the page (so the camera keeps
// running), the browser's own BarcodeDetector reads badges through the camera where it exists,
// and the counts follow the other doors. No library, nothing inline: the CSP allows neither.
"use strict"

;(() => {
  const root = document.querySelector(".checkin")
  const form = document.getElementById("checkin-form")
  if (!root || !form) return
  const input = document.getElementById("checkin-code")
  const answer = document.getElementById("checkin-answer")
  const counts = document.getElementById("checkin-counts")
  let sending = false

  // Send the form in the background and put the server's answer and counts in place.
  async function send() {
    if (sending) return
    sending = true
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
      })
      const page = new DOMParser().parseFromString(await response.text(), "text/html")
      const newAnswer = page.getElementById("checkin-answer")
      const newCounts = page.getElementById("checkin-counts")
      if (!response.ok || !newAnswer || !newCounts) throw new Error(String(response.status))
      answer.replaceChildren(...newAnswer.childNodes)
      counts.replaceChildren(...newCounts.childNodes)
      input.value = ""
    } catch (error) {
      // Anything unexpected (a new sign-in, a lost connection): send the form the usual way.
      form.submit()
      return
    } finally {
      sending = false
    }
    input.focus()
  }

  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) return
    event.preventDefault()
    send()
  })

  // Counts from the other doors, every 15 seconds while the page is visible.
  const countsUrl = root.dataset.countsUrl
  setInterval(async () => {
    if (document.hidden || sending) return
    try {
      const response = await fetch(countsUrl, { credentials: "same-origin" })
      if (!response.ok) return
      const data = await response.json()
      for (const name of ["expected", "arrived", "remaining"]) {
        const cell = counts.querySelector(`[data-count="${name}"]`)
        if (cell) cell.textContent = String(data[name])
      }
    } catch (error) {
      // The next round tries again.
    }
  }, 15000)

  // The camera, only where the browser can read QR codes by itself.
  const scanner = document.getElementById("checkin-scanner")
  const button = document.getElementById("checkin-camera")
  const video = document.getElementById("checkin-video")
  const state = document.getElementById("checkin-camera-state")
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return
  scanner.hidden = false

  let lastCode = ""
  let lastAt = 0

  async function scan(detector) {
    if (!video.paused && video.readyState >= 2 && !sending) {
      try {
        const [code] = await detector.detect(video)
        const now = Date.now()
        // The same badge in front of the camera is read once, not every frame.
        if (code && (code.rawValue !== lastCode || now - lastAt > 5000)) {
          lastCode = code.rawValue
          lastAt = now
          input.value = code.rawValue
          send()
        }
      } catch (error) {
        // A frame that could not be read: try the next one.
      }
    }
    setTimeout(() => scan(detector), 250)
  }

  button.addEventListener("click", async () => {
    try {
      const formats = await BarcodeDetector.getSupportedFormats()
      if (!formats.includes("qr_code")) throw new Error("qr_code")
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      })
      video.srcObject = stream
      video.hidden = false
      await video.play()
      button.hidden = true
      state.textContent = button.dataset.scanning
      scan(new BarcodeDetector({ formats: ["qr_code"] }))
    } catch (error) {
      state.textContent = button.dataset.unavailable
    }
  })
})()
