// Light progressive enhancement: start a run without leaving the page and show its
// progress live by polling /ui/runs/<id> (plain JavaScript, no build step).
"use strict";
function pmWatch(box) {
  const id = box.dataset.runId;
  const text = box.querySelector("[data-progress-text]");
  const meter = box.querySelector("progress");
  async function tick() {
    const answer = await fetch("/ui/runs/" + encodeURIComponent(id), {credentials: "same-origin"});
    if (!answer.ok) { text.textContent = "Could not read the run's progress."; return; }
    const run = await answer.json();
    text.textContent = run.text;
    if (meter && run.fraction !== null) { meter.value = run.fraction; }
    if (run.finished) { if (box.dataset.reload !== undefined) { window.location.reload(); } return; }
    setTimeout(tick, 700);
  }
  tick();
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-run-id]").forEach(pmWatch);
  const form = document.querySelector("form[data-run-form]");
  if (!form) { return; }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = document.getElementById("run-progress");
    const text = box.querySelector("[data-progress-text]");
    text.textContent = "Starting the batch run…";
    const answer = await fetch(form.action, {method: "POST", body: new FormData(form),
      headers: {"X-CSRF-Token": form.elements.csrf_token.value, "Accept": "application/json"},
      credentials: "same-origin"});
    const body = await answer.json();
    if (!answer.ok) { text.textContent = body.detail; return; }
    box.dataset.runId = body.run_id;
    box.dataset.reload = "";
    pmWatch(box);
  });
});
