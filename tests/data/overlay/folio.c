// SPDX-License-Identifier: GPL-2.0
/* folio.c - one folio-page finding here and one in folio.h, for tests/unit/overlay.c. */
#include <linux/mm_types.h>
#include "folio.h"

struct page *first_page(struct folio *folio)
{
	return &folio->page;
}
