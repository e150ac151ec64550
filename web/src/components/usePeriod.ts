/** The period of the pages, kept in the URL (`?period=本月`) so a link from the chat opens the same period. */
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export const DEFAULT_PERIOD = '本月';

export function usePeriod() {
  const route = useRoute();
  const router = useRouter();
  return computed<string>({
    get: () => (typeof route.query.period === 'string' && route.query.period ? route.query.period : DEFAULT_PERIOD),
    set: (period) => {
      void router.replace({ query: { ...route.query, period } });
    },
  });
}
