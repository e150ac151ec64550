/**
 * One attempt in the page: the paper, the server's timer, and every answer saved as it is given. The timer
 * counts down from the server's `remainingSeconds` on the page's monotonic clock (never the phone's date), and is
 * set again by every answer the server confirms. An answer that cannot be sent (the connection dropped) is kept
 * in localStorage and sent again when the connection is back, on the next answer, or when the page is opened
 * again (resume); the attempt itself always comes from the server. At zero the page submits by itself.
 */
import { computed, onBeforeUnmount, reactive, ref } from 'vue';
import { ApiError } from '../../api/client';
import { type ExamResult, type Paper, examApi } from '../../api/exam';

type SaveState = 'saved' | 'saving' | 'offline' | 'refused';

export function useAttempt(examId: string) {
  const paper = ref<Paper | null>(null);
  const answers = reactive<Record<number, string | null>>({});
  const states = reactive<Record<number, SaveState>>({});
  const refusal = ref('');
  const remaining = ref(0);
  const finished = ref<ExamResult | null>(null);
  let endsAt = 0;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setInterval> | undefined;
  let submitting: Promise<ExamResult | undefined> | undefined;

  const storeKey = () => `pufa-exam:${examId}:${paper.value?.attempt ?? 0}`;
  const pending = (): Record<string, string | null> => {
    try {
      return JSON.parse(localStorage.getItem(storeKey()) ?? '{}') as Record<string, string | null>;
    } catch {
      return {};
    }
  };
  const setPending = (p: Record<string, string | null>) => {
    if (Object.keys(p).length === 0) localStorage.removeItem(storeKey());
    else localStorage.setItem(storeKey(), JSON.stringify(p));
  };

  function syncTimer(seconds: number) {
    endsAt = performance.now() + seconds * 1000;
    remaining.value = seconds;
  }

  function tick() {
    if (!paper.value || finished.value) return;
    remaining.value = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
    if (remaining.value === 0) void submit(true);
  }

  /** Opens the attempt (starting it, or resuming the active one) and re-sends answers kept while offline. */
  async function open(): Promise<void> {
    const p = await examApi.start(examId);
    paper.value = p;
    for (const q of p.questions) {
      answers[q.index] = q.answer;
      states[q.index] = 'saved';
    }
    syncTimer(p.remainingSeconds);
    for (const [i, a] of Object.entries(pending())) {
      answers[Number(i)] = a;
      states[Number(i)] = 'offline';
    }
    ticker = setInterval(tick, 500);
    retry = setInterval(() => void flush(), 5000);
    window.addEventListener('online', onOnline);
    await flush();
  }

  const onOnline = () => void flush();

  async function send(index: number, answer: string | null): Promise<void> {
    const p = paper.value!;
    states[index] = 'saving';
    try {
      const saved = await examApi.save(examId, p.attempt, index, answer);
      // A later answer to the same question may have been given meanwhile: only the latest one counts as saved.
      if (answers[index] === answer) {
        states[index] = 'saved';
        const left = pending();
        delete left[index];
        setPending(left);
      }
      syncTimer(saved.remainingSeconds);
    } catch (e) {
      if (e instanceof ApiError) {
        states[index] = 'refused';
        refusal.value = e.message;
        if (e.code === 'exam.attempt_over' || e.code === 'exam.no_active_attempt') await showResult();
      } else {
        states[index] = 'offline';
        setPending({ ...pending(), [index]: answer });
      }
    }
  }

  /** Records an answer at once and sends it. */
  function answer(index: number, value: string | null): Promise<void> {
    answers[index] = value;
    setPending({ ...pending(), [index]: value });
    return send(index, value);
  }

  /** Sends the answers kept while the connection was down. */
  async function flush(): Promise<void> {
    if (!paper.value || finished.value) return;
    for (const [i, a] of Object.entries(pending())) {
      if (states[Number(i)] === 'saving') continue;
      await send(Number(i), a);
    }
  }

  async function showResult(): Promise<void> {
    stop();
    finished.value = await examApi.result(examId);
  }

  /** 交卷 (or the timer's auto-submit): the answers not yet sent go first, as far as the connection allows. */
  function submit(auto = false): Promise<ExamResult | undefined> {
    submitting ??= (async () => {
      await flush();
      try {
        const r = await examApi.submit(examId, paper.value!.attempt);
        stop();
        setPending({});
        finished.value = { ...r, ...(auto ? { alreadyFinished: true } : {}) };
        return finished.value;
      } catch (e) {
        submitting = undefined;
        refusal.value = (e as Error).message;
        return undefined;
      }
    })();
    return submitting;
  }

  function stop() {
    clearInterval(ticker);
    clearInterval(retry);
    window.removeEventListener('online', onOnline);
  }
  onBeforeUnmount(stop);

  const unanswered = computed(() => (paper.value?.questions ?? []).filter((q) => !answers[q.index]).map((q) => q.index));
  const offline = computed(() => Object.values(states).filter((s) => s === 'offline').length);
  return { paper, answers, states, refusal, remaining, finished, unanswered, offline, open, answer, submit };
}
