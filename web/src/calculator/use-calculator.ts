import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import type { Decimal } from '../api/types.ts';

/** The request of POST /api/calculator/costs; amounts and rates are decimals with a point. */
export interface CostsRequest {
  principal: string;
  vatRate?: string;
}

/** The body of POST /api/calculator/costs, in euros. */
export interface CostsResult {
  principal: Decimal;
  vatRate: string;
  net: Decimal;
  vat: Decimal;
  costs: Decimal;
  brackets: Array<{
    from: Decimal;
    to: Decimal | null;
    rate: string;
    base: Decimal;
    amount: Decimal;
  }>;
  limit: 'minimum' | 'maximum' | null;
}

export type InterestKind = 'commercial' | 'consumer' | 'contractual';

export type DayCount = 'act365' | 'actact';

export interface InterestRequest {
  principal: string;
  from: string;
  to: string;
  kind: InterestKind;
  /** The yearly rate of contractual interest, and only of that kind. */
  rate?: string;
  dayCount: DayCount;
}

/** The body of POST /api/calculator/interest, in euros and percent. */
export interface InterestResult {
  kind: InterestKind;
  dayCount: DayCount;
  interest: Decimal;
  periods: Array<{
    from: string;
    to: string;
    days: number;
    rate: string;
    base: Decimal;
    interest: Decimal;
  }>;
  table: { source: 'organisation' | 'built-in' | 'contractual'; coveredThrough: string };
  beyondTable: { coveredThrough: string; appliedRate: string } | null;
}

/** Calculates collection costs; nothing is stored, so nothing is invalidated. */
export function useCostsCalculation() {
  return useMutation({
    mutationFn: (request: CostsRequest) =>
      apiRequest<CostsResult>('POST', '/api/calculator/costs', request),
  });
}

/** Calculates interest over the organisation's rate tables; nothing is stored. */
export function useInterestCalculation() {
  return useMutation({
    mutationFn: (request: InterestRequest) =>
      apiRequest<InterestResult>('POST', '/api/calculator/interest', request),
  });
}
