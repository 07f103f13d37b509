"""The figures, one selector per figure.

Each module holds the selectors of one report (`figures.selectors.sen_report`, `...panel`, ...). A selector
takes keyword-only arguments (the academic year, and `today` where the answer depends on it), reads the
domains' records in a fixed number of queries whatever the number of years or records, and returns plain
frozen dataclasses: numbers as `common.small_numbers.Count` where they count pupils, so the small-number
rule is applied wherever they are shown. Views turn them into `figures.charts.ChartTable`s and CSV rows.
"""
