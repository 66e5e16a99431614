import { useTranslation } from 'react-i18next';
import { isKnownPlan } from './format';

/** Translated plan name; unknown plans are shown as the server sends them. */
export function usePlanLabel(): (plan: string) => string {
  const { t } = useTranslation();
  return (plan) => (isKnownPlan(plan) ? t(`plans.${plan}`) : plan);
}
