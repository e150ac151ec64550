/**
 * Benchmark (`npm run bench -- exam`): 5,000 people (BENCH_EXAM_PEOPLE) take a 60-question exam and all submit
 * within 10 minutes (BENCH_EXAM_MINUTES), over HTTP against the real server on the lowdb store, which runs in a
 * child process (bench/exam-server.ts) so the load generator does not take its core.
 *
 * The load is open: person i starts at i/N of the first (T − 2 min), answers one question every 2 s (each
 * answer saved as it is given), and submits; so everyone has submitted by T, at a steady ≈ N × 62 / (T − 2 min)
 * requests a second (≈ 650/s for the defaults). A person's next request waits for their previous one, as in a
 * browser. Target: p99 of saving an answer ≤ 50 ms (client-measured, loopback). Also: restart figures.
 */
import { fork } from 'node:child_process';
import http from 'node:http';

const PEOPLE = Number(process.env.BENCH_EXAM_PEOPLE ?? 5_000);
const MINUTES = Number(process.env.BENCH_EXAM_MINUTES ?? 10);
const ANSWER_EVERY_MS = 2_000;

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
function stats(xs: number[]) {
  xs.sort((a, b) => a - b);
  const r = (x: number) => +x.toFixed(2);
  return {
    n: xs.length,
    mean: r(xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length)),
    p50: r(percentile(xs, 50)),
    p99: r(percentile(xs, 99)),
    max: r(xs.at(-1) ?? 0),
  };
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

interface Ready {
  port: number;
  examId: string;
  questions: number;
}

export async function benchExam(): Promise<Record<string, unknown>> {
  const child = fork(new URL('./exam-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx'],
    env: { ...process.env, BENCH_EXAM_PEOPLE: String(PEOPLE) },
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const base = `/api/exam/exams/${ready.examId}`;
  const saves: number[] = [];
  const starts: number[] = [];
  const submits: number[] = [];
  const lateMs: number[] = [];
  let failures = 0;
  let resets = 0;
  // node:http with keep-alive: a quarter of fetch's CPU per request here, so the generator keeps up.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const request = (method: string, path: string, person: string, body?: unknown) =>
    new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-bench-person': person };
      const req = http.request({ host: '127.0.0.1', port: ready.port, method, path: `${base}${path}`, agent, headers }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          data += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(text);
    });
  const call = async (into: number[], person: string, method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    // A keep-alive socket the server closed as it was reused: sent again (every exam call is idempotent), as browsers do.
    const res = await request(method, path, person, body).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET') throw err;
      resets++;
      return request(method, path, person, body);
    });
    into.push(performance.now() - t0);
    if (res.status >= 400) failures++;
    return res.json;
  };

  const sessionMs = ready.questions * ANSWER_EVERY_MS;
  const spreadMs = Math.max(0, MINUTES * 60_000 - sessionMs - 5_000);
  const began = performance.now();
  /** Waits until `at` ms after the start; records how late the generator was (it must keep up for the load to be real). */
  const until = async (at: number) => {
    await sleep(at - (performance.now() - began));
    lateMs.push(Math.max(0, performance.now() - began - at));
  };
  const session = async (i: number) => {
    const person = `p${i}`;
    const startAt = (i / PEOPLE) * spreadMs;
    await until(startAt);
    const paper = (await call(starts, person, 'POST', '/start')) as { attempt: number; questions: Array<{ type: string; options: Array<{ key: string }> }> };
    for (const [k, q] of paper.questions.entries()) {
      await until(startAt + (k + 1) * ANSWER_EVERY_MS);
      const answer = q.type === 'judge' ? (k % 2 ? '对' : '错') : q.type === 'multiple' ? 'AC' : q.options[(i + k) % q.options.length]!.key;
      await call(saves, person, 'PUT', `/answers/${k}`, { attempt: paper.attempt, answer });
    }
    await call(submits, person, 'POST', '/submit', { attempt: paper.attempt });
  };
  await Promise.all(Array.from({ length: PEOPLE }, (_, i) => session(i)));
  const seconds = (performance.now() - began) / 1000;
  const server = await new Promise<Record<string, unknown>>((resolve) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.send({ cmd: 'finish' });
  });
  agent.destroy();
  const requests = saves.length + starts.length + submits.length;
  return {
    people: PEOPLE,
    questions: ready.questions,
    minutes: MINUTES,
    requests,
    failures,
    connectionResets: resets,
    allSubmittedWithinSeconds: +seconds.toFixed(1),
    requestsPerSecond: Math.round(requests / seconds),
    saveAnswerMs: stats(saves),
    startMs: stats(starts),
    submitMs: stats(submits),
    /** How far behind schedule the load generator ran (large values mean the offered load was lower than planned). */
    generatorLateMs: stats(lateMs),
    server,
  };
}
