package io.citustestkit.assertj;

import org.assertj.core.error.ErrorMessageFactory;

/** A table assertion whose table is not there, or whose name {@code to_regclass} refuses. */
final class TableShouldExist extends CitusErrorMessage {

    static ErrorMessageFactory tableShouldExist(String requestedName, Parts expectation, String searchPath) {
        return new TableShouldExist(requestedName, expectation, parts("%nbut it does not exist: to_regclass(")
                .verbatim(sqlLiteral(requestedName)).text(") is NULL (search_path: ").verbatim(searchPath).text(")"));
    }

    static ErrorMessageFactory tableNameShouldBeValid(String requestedName, Parts expectation, String error) {
        return new TableShouldExist(requestedName, expectation, parts("%nbut the name is not valid: to_regclass(")
                .verbatim(sqlLiteral(requestedName)).text(") failed:%n  ").verbatim(error));
    }

    private TableShouldExist(String requestedName, Parts expectation, Parts but) {
        super(parts("%nExpecting table:%n  ").verbatim(requestedName).text("%nto ").append(expectation).append(but));
    }

    private static String sqlLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
