pragma Singleton
import QtQuick

// Number, time and money formatting for display (no translation, no decisions).
QtObject {
    readonly property var symbols: ({"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"})

    function pad(value) {
        return value < 10 ? "0" + value : "" + value;
    }
    function clock(seconds) {
        if (seconds < 0)
            return "–";
        const hours = Math.floor(seconds / 3600);
        const minutes = Math.floor((seconds % 3600) / 60);
        const rest = seconds % 60;
        return hours > 0 ? hours + ":" + pad(minutes) + ":" + pad(rest) : minutes + ":" + pad(rest);
    }
    function minutes(seconds) {
        return Math.max(1, Math.ceil(seconds / 60));
    }
    function money(amount, currency) {
        if (!amount)
            return "–";
        const symbol = symbols[currency];
        return symbol ? symbol + amount : amount + " " + currency;
    }
    function day(isoDate, language) {
        if (!isoDate)
            return "";
        const parts = isoDate.split("-");
        const date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
        return date.toLocaleDateString(Qt.locale(language), "ddd d MMM");
    }
}
