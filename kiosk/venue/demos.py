"""The demo experiences, one builder per mechanism (each `MechanismSpec.demo`): what
`kiosk venue serve --demo` and `kiosk run` start with, so a new user sees the whole product."""

from __future__ import annotations

from datetime import UTC, time, timedelta
from decimal import Decimal

from kiosk.venue.domain import appointment, auction, draw, timed_release
from kiosk.venue.domain.appointment import AppointmentCreate
from kiosk.venue.domain.appointment_schedule import (
    LocationBody,
    OpeningHoursBody,
    ScheduleBody,
)
from kiosk.venue.domain.auction import AuctionCreate
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    Experience,
    ExperienceCreate,
    ExperienceMedia,
    QueueCreate,
    Sequence,
    SequenceCreate,
    WaitlistCreate,
)
from kiosk.venue.domain.draw import DrawCreate
from kiosk.venue.domain.timed_release import TimedReleaseCreate
from kiosk.venue.venue import Venue


def queue_demo(venue: Venue) -> None:
    """A moving sneaker-drop queue, a gated VIP one, one opening soon, one for members."""
    drop = _create_experience(
        venue,
        ExperienceCreate(
            name="Sneaker drop: Aurora 1",
            i18n=_names("Lanzamiento: Aurora 1", "إطلاق: أورورا 1"),
        ),
    )
    general = venue.catalog.create_sequence(
        SequenceCreate(experience_id=drop.id, name="General", priority=0, color="#1f6feb")
    )
    venue.queueing.create(
        QueueCreate(
            sequence_id=general.id,
            name="Aurora 1 queue",
            admit_rate=30,  # one every two seconds: visibly moving
            admission_expiration_seconds=300,
        )
    )
    _vip_experience(venue)
    _coming_soon_experience(venue)
    _members_experience(venue)


VIP_CODE = "VIP2026"
VIP_SINGLE_USE_CODES = ("GOLD-1111", "GOLD-2222", "GOLD-3333")


def _vip_experience(venue: Venue) -> None:
    """A gated VIP sequence (access code) above a general one."""
    drop = _create_experience(
        venue,
        ExperienceCreate(
            name="VIP early access: Aurora 1 Retro",
            i18n=_names(
                "Acceso VIP anticipado: Aurora 1 Retro", "دخول مبكر لكبار الشخصيات: أورورا 1 ريترو"
            ),
        ),
    )
    vip = venue.catalog.create_sequence(
        SequenceCreate(
            experience_id=drop.id, name="VIP", priority=10, color="#b8860b", access_code=VIP_CODE
        )
    )
    venue.catalog.add_access_codes(
        vip.id, AccessCodesCreate(codes=list(VIP_SINGLE_USE_CODES), max_uses=1)
    )
    venue.queueing.create(QueueCreate(sequence_id=vip.id, name="VIP queue", admit_rate=60))
    general = venue.catalog.create_sequence(
        SequenceCreate(experience_id=drop.id, name="General", priority=0, color="#1f6feb")
    )
    venue.queueing.create(QueueCreate(sequence_id=general.id, name="Retro queue", admit_rate=20))


def _coming_soon_experience(venue: Venue) -> None:
    """A queue that opens in 30 minutes: a waitlist now, a pre-queue 10 minutes before."""
    drop = _create_experience(
        venue,
        ExperienceCreate(
            name="Coming soon: Aurora 2", i18n=_names("Próximamente: Aurora 2", "قريبًا: أورورا 2")
        ),
    )
    general = venue.catalog.create_sequence(
        SequenceCreate(experience_id=drop.id, name="General", priority=0)
    )
    venue.queueing.create(
        QueueCreate(
            sequence_id=general.id,
            name="Aurora 2 queue",
            admit_rate=30,
            open_at=venue.now() + timedelta(minutes=30),
            early_entry_seconds=600,
        )
    )
    venue.waitlists.create(WaitlistCreate(sequence_id=general.id))


def _members_experience(venue: Venue) -> None:
    """Members sign in with a one-time code (read out by staff from the operator API)."""
    drop = _create_experience(
        venue,
        ExperienceCreate(
            name="Members release: Aurora 1 Mono",
            i18n=_names("Lanzamiento para socios: Aurora 1 Mono", "إصدار للأعضاء: أورورا 1 مونو"),
        ),
    )
    members = venue.catalog.create_sequence(
        SequenceCreate(experience_id=drop.id, name="Members", priority=0, authentication="otp")
    )
    venue.queueing.create(QueueCreate(sequence_id=members.id, name="Members queue", admit_rate=30))


def _names(
    es: str, ar: str, *, locations: dict[str, tuple[str, str]] | None = None
) -> dict[str, dict[str, str]]:
    """An experience's names in the kiosk's other languages (Fanfare's `i18n` object), and
    its appointment locations' as "location:<name>" (see the venue's OpenAPI document)."""
    texts = {"es": {"name": es}, "ar": {"name": ar}}
    for location, (in_es, in_ar) in (locations or {}).items():
        texts["es"][f"location:{location}"] = in_es
        texts["ar"][f"location:{location}"] = in_ar
    return texts


# Each demo experience's images (drawn by scripts/make-demo-media.py, served at /media/) and
# its short description in en, es, ar.
PRODUCTS: dict[str, tuple[str, str, str, str]] = {
    "Sneaker drop: Aurora 1": (
        "aurora-drop",
        "The Aurora 1 in glacier blue, first day. Join the line; it moves every few seconds.",
        "Las Aurora 1 en azul glaciar, primer día. Únete a la fila; avanza cada pocos segundos.",
        "حذاء أورورا 1 بالأزرق الجليدي، اليوم الأول. انضم إلى الطابور؛ يتقدم كل بضع ثوانٍ.",
    ),
    "VIP early access: Aurora 1 Retro": (
        "aurora-vip",
        "The Retro in old gold, before anyone else. Have your VIP code ready.",
        "Las Retro en oro viejo, antes que nadie. Ten a mano tu código VIP.",
        "ريترو بالذهبي العتيق قبل الجميع. جهّز رمز كبار الشخصيات.",
    ),
    "Coming soon: Aurora 2": (
        "aurora-2-soon",
        "The next Aurora opens soon. Join the waitlist and hear first.",
        "La próxima Aurora abre pronto. Únete a la lista de espera y entérate primero.",
        "أورورا التالية تفتح قريبًا. انضم إلى قائمة الانتظار لتعرف أولًا.",
    ),
    "Members release: Aurora 1 Mono": (
        "aurora-members",
        "All black, for members only. Sign in with a one-time code to join.",
        "Todo en negro, solo para socios. Entra con un código de un solo uso.",
        "بالأسود بالكامل، للأعضاء فقط. سجّل الدخول برمز لمرة واحدة للانضمام.",
    ),
    "Appointments: Aurora 1 fitting": (
        "aurora-fitting",
        "Twenty minutes with a fitter, on the store floor or in the VIP lounge.",
        "Veinte minutos con un especialista, en la tienda o en la sala VIP.",
        "عشرون دقيقة مع مختص القياس، في المتجر أو في صالة كبار الشخصيات.",
    ),
    "Auction: Aurora 1 sample pair #001": (
        "aurora-auction",
        "The very first sample pair. Bid from the stated minimum; the highest bid wins.",
        "El primer par de muestra. Puja desde el mínimo indicado; gana la puja más alta.",
        "أول زوج عينة على الإطلاق. زايد من الحد الأدنى المعلن؛ أعلى مزايدة تفوز.",
    ),
    "Dutch auction: Aurora 1 player edition": (
        "aurora-dutch",
        "The price drops every half minute. Buy when it suits you, before it sells out.",
        "El precio baja cada medio minuto. Compra cuando te convenga, antes de que se agote.",
        "ينخفض السعر كل نصف دقيقة. اشترِ متى ناسبك، قبل نفاد الكمية.",
    ),
    "Members draw: Aurora 1 Gold": (
        "aurora-draw",
        "Three pairs in gold, drawn at random. Enter once; winners are told here.",
        "Tres pares en oro, por sorteo. Participa una vez; los ganadores lo sabrán aquí.",
        "ثلاثة أزواج بالذهبي بالسحب العشوائي. اشترك مرة واحدة؛ يُبلَّغ الفائزون هنا.",
    ),
    "Timed release: Aurora 1 restock": (
        "aurora-restock",
        "Twenty-five pairs back in stock, first come, first served.",
        "Veinticinco pares de nuevo en stock, por orden de llegada.",
        "خمسة وعشرون زوجًا عادت إلى المخزون، الأولوية لمن يصل أولًا.",
    ),
}


def _product(experience: ExperienceCreate) -> ExperienceCreate:
    """The experience with its demo images and description (our catalogue extension)."""
    product = PRODUCTS.get(experience.name)
    if product is None:
        return experience
    slug, en, es, ar = product
    i18n = {language: dict(texts) for language, texts in (experience.i18n or {}).items()}
    i18n.setdefault("es", {})["description"] = es
    i18n.setdefault("ar", {})["description"] = ar
    media = ExperienceMedia(hero=f"/media/{slug}-hero.png", thumbnail=f"/media/{slug}-thumb.png")
    return experience.model_copy(update={"description": en, "media": media, "i18n": i18n})


def _create_experience(venue: Venue, experience: ExperienceCreate) -> Experience:
    return venue.catalog.create_experience(_product(experience))


def _one_sequence(venue: Venue, experience: ExperienceCreate, name: str, color: str) -> Sequence:
    """A new experience with one sequence, where a demo puts its distribution."""
    created = _create_experience(venue, experience)
    return venue.catalog.create_sequence(
        SequenceCreate(experience_id=created.id, name=name, color=color)
    )


def appointment_demo(venue: Venue) -> None:
    """A fitting appointment open now: today and the next two days, 10:00-18:00 UTC, two
    locations, 20-minute slots with a 10-minute buffer, two customers per slot."""
    now = venue.now()
    today = now.astimezone(UTC).date()
    sequence = _one_sequence(
        venue,
        ExperienceCreate(
            name="Appointments: Aurora 1 fitting",
            i18n=_names(
                "Citas: prueba de Aurora 1",
                "مواعيد: قياس أورورا 1",
                locations={
                    "Store floor": ("Planta de la tienda", "أرضية المتجر"),
                    "VIP lounge": ("Sala VIP", "صالة كبار الشخصيات"),
                },
            ),
        ),
        "Fittings",
        "#8250df",
    )
    venue.distributions.create(
        appointment.create,
        AppointmentCreate(
            sequence_id=sequence.id,
            name="Aurora 1 fitting",
            time_zone="UTC",
            open_at=now,
            slot_duration_minutes=20,
            buffer_minutes=10,
            max_capacity_per_slot=2,
            schedule=ScheduleBody(
                days=[today + timedelta(days=n) for n in range(3)],
                hours=[OpeningHoursBody(start=time(10), end=time(18))],
                locations=[LocationBody(name="Store floor"), LocationBody(name="VIP lounge")],
            ),
        ),
    )


def auction_demo(venue: Venue) -> None:
    """An English auction and a Dutch one, both open now."""
    now = venue.now().replace(microsecond=0)
    close = now + timedelta(minutes=15)
    for title, names, fields in (
        (
            "Auction: Aurora 1 sample pair #001",
            _names("Subasta: par de muestra Aurora 1 #001", "مزاد: زوج عينة أورورا 1 رقم 001"),
            {
                "auction_type": "english",
                "start_price": Decimal("100.00"),
                "min_bid_increment": Decimal("5.00"),
                "reserve_price": Decimal("150.00"),
                "auto_extend_seconds": 30,
            },
        ),
        (
            "Dutch auction: Aurora 1 player edition",
            _names(
                "Subasta holandesa: Aurora 1 edición jugador", "مزاد هولندي: أورورا 1 إصدار اللاعب"
            ),
            {
                "auction_type": "dutch",
                "start_price": Decimal("400.00"),
                "price_drop_amount": Decimal("10.00"),
                "price_drop_interval_seconds": 30,
                "floor_price": Decimal("200.00"),
                "quantity": 5,
            },
        ),
    ):
        experience = ExperienceCreate(name=title, currency_code="USD", i18n=names)
        sequence = _one_sequence(venue, experience, "General", "#8957e5")
        venue.distributions.create(
            auction.create,
            AuctionCreate(
                sequence_id=sequence.id,
                name=title.split(": ", 1)[1],
                open_at=now,
                close_at=close,
                settle_at=close + timedelta(minutes=1),
                **fields,
            ),
        )


def draw_demo(venue: Venue) -> None:
    """The demo draw: entries open now for ten minutes, drawn a minute after they close."""
    now = venue.now()
    experience = ExperienceCreate(
        name="Members draw: Aurora 1 Gold",
        i18n=_names("Sorteo para socios: Aurora 1 Gold", "سحب للأعضاء: أورورا 1 جولد"),
    )
    sequence = _one_sequence(venue, experience, "Draw entry", "#d4a72c")
    venue.distributions.create(
        draw.create,
        DrawCreate(
            sequence_id=sequence.id,
            name="Aurora 1 Gold draw",
            open_at=now,
            close_at=now + timedelta(minutes=10),
            draw_at=now + timedelta(minutes=11),
            winner_count=3,
            admission_expiration_seconds=300,
            continue_selecting_until_completed=True,
        ),
    )


def timed_release_demo(venue: Venue) -> None:
    """The demo restock: open now, 25 units, first come first served."""
    experience = ExperienceCreate(
        name="Timed release: Aurora 1 restock",
        i18n=_names("Venta programada: reposición de Aurora 1", "بيع مجدول: إعادة تخزين أورورا 1"),
    )
    sequence = _one_sequence(venue, experience, "Restock", "#2da44e")
    venue.distributions.create(
        timed_release.create,
        TimedReleaseCreate(
            sequence_id=sequence.id,
            name="Aurora 1 restock",
            open_at=venue.now(),
            inventory=25,
            admission_expiration_seconds=300,
        ),
    )
