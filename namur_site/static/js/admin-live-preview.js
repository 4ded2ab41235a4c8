// The live preview beside the change form of news and press releases
// (core/publishing/live_preview.py). A moment after the editor stops typing, the form is posted
// (its files left out) and the page comes back as HTML, shown in a sandboxed frame through srcdoc:
// no script runs in it, its stylesheet comes from the site. No inline script or style is needed,
// so the admin keeps its strict Content-Security-Policy; sizes are set through the CSSOM.
(function () {
  "use strict";
  const panel = document.getElementById("live-preview");
  const form = panel && document.getElementById(panel.dataset.form);
  if (!form) {
    return;
  }
  const DELAY = 500;
  const frame = panel.querySelector(".live-preview-frame");
  const viewport = panel.querySelector(".live-preview-viewport");
  const status = panel.querySelector(".live-preview-status");
  const widthButtons = panel.querySelectorAll("[data-width]");
  let width = 375;
  let timer = null;
  let controller = null;
  let sequence = 0;
  // The preview being fetched, and whether the form is being sent.
  let pending = null;
  let sending = false;

  // The form's values as it would post them, without files: nothing is stored for a preview.
  function formValues() {
    const data = new FormData(form);
    let newFile = false;
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) {
        newFile = newFile || value.size > 0;
        data.delete(name);
      }
    }
    return { data, newFile };
  }

  function say(lead, items, fresh) {
    status.replaceChildren();
    status.classList.toggle("is-fresh", Boolean(fresh));
    if (!lead) {
      return;
    }
    status.append(lead);
    if (items && items.length) {
      const list = document.createElement("ul");
      for (const item of items) {
        const line = document.createElement("li");
        line.textContent = item;
        list.append(line);
      }
      status.append(list);
    }
  }

  function show(html) {
    const view = frame.contentWindow;
    const scroll = view && frame.contentDocument && frame.contentDocument.body ? view.scrollY : 0;
    frame.addEventListener(
      "load",
      () => {
        const page = frame.contentDocument;
        if (!page || !page.head) {
          return;
        }
        // Links open nothing from the preview: the sandbox allows no new window.
        const base = page.createElement("base");
        base.target = "_blank";
        page.head.prepend(base);
        frame.contentWindow.scrollTo(0, scroll);
        panel.dataset.shown = String(Number(panel.dataset.shown || 0) + 1);
      },
      { once: true },
    );
    frame.srcdoc = html;
  }

  function refresh() {
    timer = null;
    const run = update();
    pending = run;
    run.finally(() => {
      if (pending === run) {
        pending = null;
      }
    });
  }

  async function update() {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const number = ++sequence;
    const { data, newFile } = formValues();
    panel.classList.add("is-updating");
    viewport.setAttribute("aria-busy", "true");
    let answer = null;
    let failure = null;
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (response.status === 403 || response.redirected) {
        failure = panel.dataset.signedOut;
      } else if (!response.ok) {
        failure = panel.dataset.failed;
      } else {
        answer = await response.json();
      }
    } catch (error) {
      if (error.name === "AbortError") {
        return;
      }
      failure = panel.dataset.failed;
    }
    if (number !== sequence) {
      return;
    }
    panel.classList.remove("is-updating");
    viewport.removeAttribute("aria-busy");
    if (failure) {
      say(failure);
      return;
    }
    const notes = newFile ? [panel.dataset.newFile] : [];
    const errors = answer.errors || [];
    if (answer.html) {
      show(answer.html);
      if (errors.length || notes.length) {
        say(panel.dataset.updated, [...errors, ...notes]);
      } else {
        say(panel.dataset.updated, [], true);
      }
    } else {
      const lead = panel.dataset.shown ? panel.dataset.stale : panel.dataset.waiting;
      say(lead, [...errors, ...notes]);
    }
  }

  function later() {
    if (timer) {
      clearTimeout(timer);
    }
    if (!sending) {
      timer = setTimeout(refresh, DELAY);
    }
  }

  // A save waits for the preview being made: both would write the item's row at once (the
  // preview only to roll it back), and the save would have to wait for it anyway.
  form.addEventListener("submit", (event) => {
    sending = true;
    clearTimeout(timer);
    if (pending) {
      event.preventDefault();
      const submitter = event.submitter || undefined;
      pending.then(() => form.requestSubmit(submitter));
    }
  });

  // The page is laid out at the chosen width, then scaled down to fit the panel if needed.
  function fit() {
    const room = viewport.clientWidth;
    const scale = Math.min(1, room / width);
    frame.style.width = `${width}px`;
    frame.style.height = `${viewport.clientHeight / scale}px`;
    frame.style.transform = scale < 1 ? `scale(${scale})` : "";
  }

  function choose(button) {
    width = Number(button.dataset.width);
    for (const other of widthButtons) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    panel.classList.toggle("is-phone", width < 768);
    fit();
  }

  for (const button of widthButtons) {
    button.addEventListener("click", () => choose(button));
  }
  // Typing, choosing, the rich-text editor (it fires "input" on its textarea), inline rows.
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  document.addEventListener("formset:added", later);
  document.addEventListener("formset:removed", later);
  // Select2 (the admin's autocompletes) announces its changes through jQuery only.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(form).on("change", later);
  }
  panel.hidden = false;
  panel.closest(".live-preview-layout").classList.add("is-active");
  new ResizeObserver(fit).observe(viewport);
  choose(panel.querySelector("[aria-pressed=true]"));
  refresh();
})();
