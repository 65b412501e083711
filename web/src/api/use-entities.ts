import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendEntityRequest } from '../entities/entity-request.ts';
import type {
  ClosingDay,
  EntityHoliday,
  EntityInput,
  EntitySettings,
} from '../entities/entity-types.ts';
import { apiRequest, withQuery } from './client.ts';
import type { DemoResult } from './types.ts';

export const entitiesKey = ['entities'] as const;

/** The entities the user may work on, with all their settings. */
export function useEntities() {
  return useQuery({
    queryKey: entitiesKey,
    queryFn: () => apiRequest<EntitySettings[]>('GET', '/api/entities'),
  });
}

/** Loads one entity's settings; disabled without an id (a new entity). */
export function useEntitySettings(id: string | undefined) {
  return useQuery({
    queryKey: [...entitiesKey, id],
    queryFn: () => apiRequest<EntitySettings>('GET', `/api/entities/${id}`),
    enabled: id !== undefined,
  });
}

/** Adds an entity, or changes one when `id` is given; errors list the invalid fields. */
export function useSaveEntity(id: string | undefined) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: EntityInput) =>
      id === undefined
        ? sendEntityRequest<EntitySettings>(queryClient, 'POST', '/api/entities', input)
        : sendEntityRequest<EntitySettings>(queryClient, 'PATCH', `/api/entities/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: entitiesKey }),
  });
}

/** Uploads a PNG or JPEG as the entity's logo, as multipart. */
export function useUploadLogo(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('logo', file);
      return sendEntityRequest<{ contentType: string; bytes: number }>(
        queryClient,
        'PUT',
        `/api/entities/${id}/logo`,
        form,
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: entitiesKey }),
  });
}

export function useRemoveLogo(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => sendEntityRequest<void>(queryClient, 'DELETE', `/api/entities/${id}/logo`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: entitiesKey }),
  });
}

/** Public holidays and closing days of the entity in `year`. */
export function useEntityHolidays(id: string, year: number) {
  return useQuery({
    queryKey: [...entitiesKey, id, 'holidays', year],
    queryFn: () =>
      apiRequest<EntityHoliday[]>('GET', withQuery(`/api/entities/${id}/holidays`, { year })),
  });
}

/** Replaces the entity's closing days in `year`. */
export function useSetClosingDays(id: string, year: number) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (holidays: ClosingDay[]) =>
      sendEntityRequest<ClosingDay[]>(queryClient, 'PUT', `/api/entities/${id}/holidays`, {
        year,
        holidays,
      }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: [...entitiesKey, id, 'holidays', year] }),
  });
}

/** Loads the demo organisation data; the server refuses once entities exist. */
export function useLoadDemo() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<DemoResult>('POST', '/api/demo'),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
