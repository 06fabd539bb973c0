pragma Singleton
import QtQuick

// Every number, amount, time, date and duration a customer reads, in the customer's language
// (no translation, no decisions). The session hands over raw values: decimal strings already
// rounded to the currency's minor units (core.Money) with their ISO currency code, whole
// numbers, and the venue's local dates ("2026-11-27") and wall-clock times ("14:05"). Only
// this file turns them into text, by Qt.locale(language) (CLDR), so a screen never mixes
// digit sets or conventions: Arabic reads Arabic-Indic digits throughout, as Qt's "ar" gives.
QtObject {
    // The customer's language; Main binds it to the kiosk's, and every function follows it.
    property string language: "en"
    readonly property var locale: Qt.locale(language)
    // A currency's sign; the locale decides where it goes. Others show their ISO code.
    readonly property var symbols: ({"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"})

    // Latin digits in `text` as the locale writes them (٠-٩ in Arabic); nothing else changes.
    function digits(text) {
        const zero = locale.zeroDigit.charCodeAt(0);
        return String(text).replace(/[0-9]/g, digit => String.fromCharCode(zero + digit.charCodeAt(0) - 48));
    }
    function pad(value) {
        return value < 10 ? "0" + value : "" + value;
    }
    // A whole number (a place in line, a waitlist number, seconds left).
    function number(value) {
        return Number(value).toLocaleString(locale, "f", 0);
    }
    // Time left: h:mm:ss or m:ss.
    function clock(seconds) {
        if (seconds < 0)
            return "–";
        const hours = Math.floor(seconds / 3600);
        const minutes = Math.floor((seconds % 3600) / 60);
        const rest = seconds % 60;
        return digits(hours > 0 ? hours + ":" + pad(minutes) + ":" + pad(rest) : minutes + ":" + pad(rest));
    }
    // Whole minutes, at least one: "about 7 min".
    function minutes(seconds) {
        return number(Math.max(1, Math.ceil(seconds / 60)));
    }
    // "150.00" + "USD": $150.00, 150,00 $, ‏١٥٠٫٠٠ $. As many decimals as the amount carries
    // (the session rounds it to the currency's minor units); the locale's currency pattern
    // places the sign, with its own spacing and direction marks.
    function money(amount, currency) {
        if (!amount)
            return "–";
        const text = String(amount);
        const point = text.indexOf(".");
        const value = Number(text).toLocaleString(locale, "f", point < 0 ? 0 : text.length - point - 1);
        const sign = symbols[currency];
        const pattern = currencyPattern(!sign);
        return pattern.text.replace(pattern.number, value).replace("¤", sign || currency || "");
    }
    // The locale's currency format around a placeholder sign: "¤0.00", "0,00 ¤", "‏٠٫٠٠ ¤";
    // `spaced` keeps a code apart from the digits (CHF 150.00), as CLDR does for codes.
    function currencyPattern(spaced) {
        let text = Number(0).toLocaleCurrencyString(locale, "¤");
        if (spaced)
            text = text.replace(/¤(?=[^\s])/, "¤\u00a0").replace(/([^\s\u200e\u200f])¤/, "$1\u00a0¤");
        for (let decimals = 3; decimals > 0; --decimals) {
            const zero = Number(0).toLocaleString(locale, "f", decimals);
            if (text.indexOf(zero) >= 0)
                return {"text": text, "number": zero};
        }
        return {"text": text, "number": Number(0).toLocaleString(locale, "f", 0)};
    }
    // A wall-clock time "HH:MM" (the venue's local time) in the locale's short form: 2:05 PM,
    // 14:05, ٢:٠٥ م. Built on 1 January, a day no time zone changes its clocks.
    function time(hhmm) {
        if (!hhmm)
            return "";
        const parts = String(hhmm).split(":");
        const moment = new Date(2000, 0, 1, Number(parts[0]), Number(parts[1]));
        return moment.toLocaleTimeString(locale, Locale.ShortFormat);
    }
    // From one time to another: "10:00 AM – 10:30 AM".
    function span(start, end) {
        return end ? time(start) + " – " + time(end) : time(start);
    }
    // A date "YYYY-MM-DD" as a short day: Fri 27 Nov, vie 27 nov, الجمعة ٢٧ نوفمبر.
    function day(isoDate, lang) {
        if (!isoDate)
            return "";
        const parts = isoDate.split("-");
        const date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
        return date.toLocaleDateString(lang ? Qt.locale(lang) : locale, "ddd d MMM");
    }
}
