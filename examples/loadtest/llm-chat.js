// k6 load test for an LLM chat endpoint, as used by workflows-examples/nightly-perf.yml.
// Run: k6 run --vus 50 --duration 5m --out json=k6-results.json llm-chat.js
// (every request's points: exact percentiles and burn rates over time; --summary-export gives the
// aggregates only).
// TARGET_URL comes from provision-env's `url` output, through the environment.
import { check } from 'k6';
import http from 'k6/http';

const target = __ENV.TARGET_URL;

export const options = {
  thresholds: {
    // Mirrors the SLO file so k6 itself also fails loudly on an obvious breach.
    'http_req_duration{name:chat}': ['p(95)<1200'],
    http_req_failed: ['rate<0.01'],
  },
};

export default function () {
  const response = http.post(
    `${target}/v1/chat/completions`,
    JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Say hello in five words.' }] }),
    { headers: { 'content-type': 'application/json' }, tags: { name: 'chat' } },
  );
  check(response, { 'status is 200': (r) => r.status === 200 });
}
