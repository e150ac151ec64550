/** Loads a page's data whenever its inputs change; keeps the previous data while reloading. */
import { type Ref, ref, watch } from 'vue';
import { ApiError } from '../api/client';

export function useLoader<T>(
  key: () => unknown,
  load: () => Promise<T>,
): { data: Ref<T | null>; loading: Ref<boolean>; error: Ref<string>; reload: () => Promise<void> } {
  const data = ref<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = ref('');
  let seq = 0;
  async function reload() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const d = await load();
      if (mine === seq) data.value = d;
    } catch (e) {
      if (mine === seq) error.value = e instanceof ApiError && e.status === 403 ? '您没有查看此内容的权限。' : (e as Error).message;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  watch(key, () => void reload(), { immediate: true });
  return { data, loading, error, reload };
}
