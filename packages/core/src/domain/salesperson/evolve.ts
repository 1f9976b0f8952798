import { match } from 'ts-pattern';
import type { SalespersonEvent } from '../events.js';
import type { SalespersonState } from './state.js';

export const evolveSalesperson = (state: SalespersonState, event: SalespersonEvent): SalespersonState =>
  match(event)
    .returnType<SalespersonState>()
    .with({ type: 'SalespersonRegistered' }, ({ data }) => ({ salespersonId: data.salespersonId }))
    .with({ type: 'AnnualPlanSet' }, { type: 'VisitPlanSet' }, () => state)
    .exhaustive();
