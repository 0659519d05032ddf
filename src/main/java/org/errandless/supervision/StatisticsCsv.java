package org.errandless.supervision;

import java.util.List;

/**
 * The statistics as CSV (RFC 4180, UTF-8, CRLF): a header, then one line per station × service, the figures flattened
 * in the order of the JSON; empty cells where a rate or a median has no data.
 */
final class StatisticsCsv {

    static final List<String> HEADER = List.of("from", "to", "stationCode", "stationName", "serviceCode", "received",
            "accepted", "refused", "rejected", "completed", "withdrawn", "open", "overdue", "decided", "decidedLate",
            "decidedLateRate", "medianWorkingDaysToDecision", "p90WorkingDaysToDecision", "supplementRequestRate",
            "completedWithoutUploadShare", "ratings", "satisfactionAverage", "score1", "score2", "score3", "score4",
            "score5");

    private StatisticsCsv() {
    }

    static String of(StatisticsReport report) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (StatisticsReport.Row row : report.rows()) {
            StatisticsReport.Figures f = row.figures();
            StatisticsReport.Satisfaction s = f.satisfaction();
            line(csv, List.of(report.from().toString(), report.to().toString(), row.stationCode(),
                    text(row.stationName()), row.serviceCode(), n(f.received()), n(f.accepted()), n(f.refused()),
                    n(f.rejected()), n(f.completed()), n(f.withdrawn()), n(f.open()), n(f.overdue()), n(f.decided()),
                    n(f.decidedLate()), d(f.decidedLateRate()), d(f.medianWorkingDaysToDecision()),
                    d(f.p90WorkingDaysToDecision()), d(f.supplementRequestRate()), d(f.completedWithoutUploadShare()),
                    n(s.ratings()), d(s.average()), n(s.distribution().get("1")), n(s.distribution().get("2")),
                    n(s.distribution().get("3")), n(s.distribution().get("4")), n(s.distribution().get("5"))));
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(escape(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** Quotes a cell that needs it, and defuses a leading formula character (CSV injection into spreadsheets). */
    static String escape(String cell) {
        String value = cell;
        if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")) {
            value = "'" + value;
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String n(Long value) {
        return value == null ? "0" : Long.toString(value);
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static String d(Double value) {
        return value == null ? "" : value.toString();
    }
}
