// Twilio's list pages: `{ <key>: [...], meta: { page, page_size, first_page_url,
// previous_page_url, next_page_url, url, key } }`. next_page_url carries a PageToken
// ("PT" + the last SID of the page, or another cursor such as a Sync list item's index) so
// that paging stays stable while items are added.
import { type FlatParams } from '../validate';
import { int, str } from './api';

export type PageRequest = { params: FlatParams; url: string; key: string; filters: Array<[string, string | undefined]> };

export function page<T extends { sid: string }, R>(items: T[], request: PageRequest, render: (item: T) => R): Record<string, unknown> {
  return pageBy(items, request, render, (item) => item.sid);
}

export function pageBy<T, R>(items: T[], request: PageRequest, render: (item: T) => R, cursor: (item: T) => string): Record<string, unknown> {
  const size = int(request.params, 'PageSize') ?? 50;
  const pageNumber = int(request.params, 'Page') ?? 0;
  const token = str(request.params, 'PageToken');
  let start = pageNumber * size;
  if (token?.startsWith('PT')) {
    const after = items.findIndex((item) => cursor(item) === token.slice(2));
    if (after >= 0) start = after + 1;
  }
  const slice = items.slice(start, start + size);
  const link = (p: number, pageToken?: string) => {
    const query = new URLSearchParams();
    for (const [name, value] of request.filters) if (value !== undefined) query.append(name, value);
    query.append('PageSize', String(size));
    query.append('Page', String(p));
    if (pageToken) query.append('PageToken', pageToken);
    return `${request.url}?${query.toString()}`;
  };
  const last = slice[slice.length - 1];
  const hasNext = start + size < items.length && last !== undefined;
  return {
    [request.key]: slice.map(render),
    meta: {
      page: pageNumber,
      page_size: size,
      first_page_url: link(0),
      previous_page_url: pageNumber > 0 ? link(pageNumber - 1) : null,
      url: link(pageNumber, token),
      next_page_url: hasNext ? link(pageNumber + 1, `PT${cursor(last)}`) : null,
      key: request.key,
    },
  };
}
