# SPDX-License-Identifier: GPL-2.0
# report.awk - turn the "key value" output of rt-bench runs (several rounds,
# every layout in each) into a table of ns/op per layout (the fastest round:
# the machine's noise only ever adds time), memdesc/legacy ratios and memory.
/^layout / { layout = $2; if (!(layout in lseen)) { lseen[layout] = 1; layouts[++nl] = layout }
	     rounds[layout]++; next }
/^op / { key = $2 " " $3; if (!(key in seen)) { seen[key] = 1; ops[++no] = key }
	 if (!((layout, key) in ns) || $4 < ns[layout, key]) ns[layout, key] = $4; next }
/^mix / { if (!(($2) in mseen)) { mseen[$2] = 1; mixes[++nm] = $2 }
	  mix_folios[$2] = $4; mix_bytes[layout, $2] = $6; split_bytes[layout, $2] = $8; next }
{ val[layout, $1] = $2 }
function mib(b) { return sprintf("%.1f MiB", b / 1048576) }
END {
	printf "memdesc runtime benchmark: %d pages (%.0f GiB of RAM), %s folios, best of %d rounds\n\n",
	       val[layouts[1], "nr_pages"], val[layouts[1], "nr_pages"] * 4096 / 2^30,
	       val[layouts[1], "folios"], rounds[layouts[1]]
	printf "%-18s %-10s", "operation", "access"
	for (i = 1; i <= nl; i++) printf " %10s", layouts[i] " ns"
	for (i = 1; i <= nl; i++) if (layouts[i] != "legacy") printf " %15s", layouts[i] "/legacy"
	printf "\n"
	for (o = 1; o <= no; o++) {
		split(ops[o], kp, " ")
		printf "%-18s %-10s", kp[1], kp[2]
		for (i = 1; i <= nl; i++) printf " %10.2f", ns[layouts[i], ops[o]]
		l = ns["legacy", ops[o]]
		for (i = 1; i <= nl; i++) {
			if (layouts[i] == "legacy") continue
			m = ns[layouts[i], ops[o]]
			printf " %15s", (l > 0 ? sprintf("%.2f", m / l) : "-")
		}
		printf "\n"
	}
	printf "\n%-34s", "memory per GiB of RAM"
	for (i = 1; i <= nl; i++) printf " %14s", layouts[i]
	printf "\n%-34s", "struct page"
	for (i = 1; i <= nl; i++) printf " %14s", val[layouts[i], "page_bytes"] " B"
	printf "\n%-34s", "memmap"
	for (i = 1; i <= nl; i++) printf " %14s", mib(val[layouts[i], "memmap_bytes_per_gib"])
	printf "\n%-34s", "per-page data outside struct page"
	for (i = 1; i <= nl; i++) printf " %14s", mib(val[layouts[i], "ext_bytes_per_gib"])
	printf "\n%-34s", "struct folio (separate)"
	for (i = 1; i <= nl; i++) printf " %14s", val[layouts[i], "folio_bytes"] " B"
	printf "\n%-34s", "  order-0 without large fields"
	for (i = 1; i <= nl; i++) printf " %14s", val[layouts[i], "small_folio_bytes"] " B"
	for (k = 1; k <= nm; k++) {
		x = mixes[k]
		printf "\n%-34s", "total, mix " x
		for (i = 1; i <= nl; i++)
			printf " %14s", mib(val[layouts[i], "memmap_bytes_per_gib"] + \
					    val[layouts[i], "ext_bytes_per_gib"] + mix_bytes[layouts[i], x])
		printf "\n%-34s", "  with small order-0 folios"
		for (i = 1; i <= nl; i++)
			printf " %14s", mib(val[layouts[i], "memmap_bytes_per_gib"] + \
					    val[layouts[i], "ext_bytes_per_gib"] + split_bytes[layouts[i], x])
	}
	printf "\n\nmixes: all-4k = every page an order-0 folio (%d folios/GiB);\n",
	       mix_folios["all-4k"]
	printf "bench = 20%% 2M, 15%% 64K, 15%% 16K, 50%% 4K folios by memory (%d folios/GiB);\n",
	       mix_folios["bench"]
	printf "all-2m = %d folios/GiB.\n", mix_folios["all-2m"]
}
