/* SPDX-License-Identifier: GPL-2.0 */
/* folio.h - a header with one folio-page finding, for tests/unit/overlay.c. */
static inline struct page *head_page(struct folio *folio)
{
	return &folio->page;
}
