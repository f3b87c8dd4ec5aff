package dev.exitmonitor.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Markdown table built row by row.
 * <p>
 * Not thread-safe. Pipes in cells are escaped so a cell cannot break the table.
 *
 * @since 0.1.0
 */
public final class MarkdownTable {

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	/**
	 * Create a table.
	 * @param header the column titles
	 */
	public MarkdownTable(String... header) {
		this.header = List.of(header);
	}

	/**
	 * Add a row.
	 * @param cells one cell per column
	 * @return this table
	 * @throws IllegalArgumentException if the number of cells differs from the number of columns
	 */
	public MarkdownTable row(String... cells) {
		if (cells.length != this.header.size()) {
			throw new IllegalArgumentException("Expected " + this.header.size() + " cells but got " + cells.length
					+ ": " + Arrays.toString(cells));
		}
		this.rows.add(List.of(cells));
		return this;
	}

	/**
	 * Whether no row was added.
	 * @return {@code true} for an empty table
	 */
	public boolean isEmpty() {
		return this.rows.isEmpty();
	}

	/**
	 * Render the table, ending with a line break.
	 * @return the Markdown text
	 */
	public String render() {
		StringBuilder text = new StringBuilder();
		appendRow(text, this.header);
		text.append('|');
		for (int i = 0; i < this.header.size(); i++) {
			text.append("---|");
		}
		text.append('\n');
		for (List<String> row : this.rows) {
			appendRow(text, row);
		}
		return text.toString();
	}

	private static void appendRow(StringBuilder text, List<String> cells) {
		text.append('|');
		for (String cell : cells) {
			text.append(' ').append(cell.replace("|", "\\|")).append(" |");
		}
		text.append('\n');
	}

}
