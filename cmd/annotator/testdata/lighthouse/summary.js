// Prints the figures of a Lighthouse JSON report (make lighthouse): the
// scores of performance, accessibility and best practices, the paint and
// blocking times, and every accessibility or best-practice audit that
// did not pass.
"use strict";
const fs = require("fs");
const lhr = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const pct = (c) => (c && c.score !== null ? Math.round(c.score * 100) : "n/a");
const a = lhr.audits;
const num = (id) => (a[id] ? a[id].displayValue : "n/a");
console.log(`Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)} on ${lhr.finalDisplayedUrl}`);
console.log(`performance     ${pct(lhr.categories.performance)}  (FCP ${num("first-contentful-paint")}, LCP ${num("largest-contentful-paint")}, TBT ${num("total-blocking-time")}, CLS ${num("cumulative-layout-shift")}, Speed Index ${num("speed-index")})`);
console.log(`accessibility   ${pct(lhr.categories.accessibility)}`);
console.log(`best-practices  ${pct(lhr.categories["best-practices"])}`);
for (const cat of ["accessibility", "best-practices"]) {
  for (const ref of lhr.categories[cat].auditRefs) {
    const au = a[ref.id];
    if (ref.weight > 0 && au.score !== null && au.score < 1) {
      console.log(`  ${cat}: ${au.id}: ${au.title}${au.displayValue ? " (" + au.displayValue + ")" : ""}`);
    }
  }
}
