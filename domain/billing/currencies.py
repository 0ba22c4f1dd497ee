"""ISO 4217 currencies Baton accepts, and the minor units (decimal places) of each.

A small table kept by hand rather than a dependency: the list changes a few
times a decade. Codes without minor units (precious metals, testing codes,
special drawing rights) are left out: nobody invoices in them.
"""

from __future__ import annotations


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Active codes whose minor unit is not 2, by number of decimal places.
_NOT_TWO: dict[int, frozenset[str]] = {
    0: _codes("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"),
    3: _codes("BHD IQD JOD KWD LYD OMR TND"),
    4: _codes("CLF UYW"),
}

# Every other active code has two decimal places.
_TWO = _codes(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR
    JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU
    MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR
    RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
    """
)

MINOR_UNITS: dict[str, int] = dict.fromkeys(_TWO, 2) | {
    code: places for places, codes in _NOT_TWO.items() for code in codes
}


def minor_units(currency: str) -> int | None:
    """Decimal places of ``currency``'s minor unit, or None if Baton does not know the code."""
    return MINOR_UNITS.get(currency)
