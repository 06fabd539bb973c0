<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>Attract</name>
    <message>
        <source>Scroll the list</source>
        <translation>تمرير القائمة</translation>
    </message>
    <message>
        <source>Back to the top</source>
        <translation>العودة إلى الأعلى</translation>
    </message>
    <message>
        <source>More</source>
        <translation>المزيد</translation>
    </message>
    <message>
        <source>Back to the top of the list</source>
        <translation>العودة إلى بداية القائمة</translation>
    </message>
    <message>
        <source>More experiences</source>
        <translation>المزيد من التجارب</translation>
    </message>
    <message>
        <source>Touch to start</source>
        <translation>المس للبدء</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>أهلًا بك</translation>
    </message>
    <message>
        <source>This kiosk cannot reach the venue right now. Please ask a member of staff.</source>
        <translation>لا يستطيع هذا الكشك الاتصال بالمتجر حاليًا. يُرجى سؤال أحد الموظفين.</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>جارٍ التجهيز…</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>المس الشاشة للبدء</translation>
    </message>
    <message>
        <source>Choose what you are here for</source>
        <translation>اختر ما جئت من أجله</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>ابدأ</translation>
    </message>
</context>
<context>
    <name>BidChips</name>
    <message>
        <source>Quick bids</source>
        <translation>مزايدات سريعة</translation>
    </message>
    <message>
        <source>Your amount</source>
        <translation>المبلغ الذي أدخلته</translation>
    </message>
    <message>
        <source>Type an amount</source>
        <translation>اكتب مبلغًا</translation>
    </message>
    <message>
        <source>Minimum bid</source>
        <translation>أقل مزايدة</translation>
    </message>
    <message>
        <source>Bid</source>
        <translation>مزايدة</translation>
    </message>
    <message>
        <source>That bid was too low. The lowest bid now is %1.</source>
        <translation>كانت المزايدة منخفضة جدًا. أقل مزايدة الآن هي %1.</translation>
    </message>
    <message>
        <source>That bid was too low.</source>
        <translation>كانت المزايدة منخفضة جدًا.</translation>
    </message>
    <message>
        <source>This auction has closed: bids are no longer taken.</source>
        <translation>أُغلق هذا المزاد: لم تعد المزايدات مقبولة.</translation>
    </message>
    <message>
        <source>You already bought one: each customer may buy one.</source>
        <translation>لقد اشتريت واحدًا بالفعل: يحق لكل عميل شراء واحد.</translation>
    </message>
    <message>
        <source>That bid was not accepted. Please try again.</source>
        <translation>لم تُقبل هذه المزايدة. حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>مبلغ آخر</translation>
    </message>
</context>
<context>
    <name>CodeEntry</name>
    <message>
        <source>That code did not work. Check it and try again.</source>
        <translation>لم ينجح هذا الرمز. تحقّق منه وحاول مجددًا.</translation>
    </message>
    <message>
        <source>Enter a code</source>
        <translation>أدخل رمزًا</translation>
    </message>
    <message>
        <source>Have a code?</source>
        <translation>هل لديك رمز؟</translation>
    </message>
    <message>
        <source>That code did not change anything. Check it and try again.</source>
        <translation>لم يغيّر هذا الرمز شيئًا. تحقّق منه وحاول مجددًا.</translation>
    </message>
    <message>
        <source>A code from the organiser may give you a better way in. Your current place is kept.</source>
        <translation>قد يمنحك رمز من المنظّم طريقة دخول أفضل. سيبقى مكانك الحالي محفوظًا.</translation>
    </message>
    <message>
        <source>Type your code</source>
        <translation>اكتب رمزك</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Use code</source>
        <translation>استخدم الرمز</translation>
    </message>
</context>
<context>
    <name>DutchAuction</name>
    <message>
        <source>You bought one</source>
        <translation>لقد اشتريت واحدًا</translation>
    </message>
    <message>
        <source>Buy before the price drops</source>
        <translation>اشترِ قبل أن ينخفض السعر</translation>
    </message>
    <message>
        <source>You pay %1. It is yours when the auction ends.</source>
        <translation>ستدفع %1. يصبح لك عند انتهاء المزاد.</translation>
    </message>
    <message>
        <source>The price falls until every one is sold. Buy when the price suits you.</source>
        <translation>ينخفض السعر حتى يُباع الجميع. اشترِ عندما يناسبك السعر.</translation>
    </message>
    <message>
        <source>You pay</source>
        <translation>ستدفع</translation>
    </message>
    <message>
        <source>Price now</source>
        <translation>السعر الآن</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>ينتهي خلال</translation>
    </message>
    <message>
        <source>This auction has closed: bids are no longer taken.</source>
        <translation>أُغلق هذا المزاد: لم تعد المزايدات مقبولة.</translation>
    </message>
    <message>
        <source>You already bought one: each customer may buy one.</source>
        <translation>لقد اشتريت واحدًا بالفعل: يحق لكل عميل شراء واحد.</translation>
    </message>
    <message>
        <source>That did not go through. Please try again.</source>
        <translation>لم تتم العملية. حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Buy at this price</source>
        <translation>اشترِ بهذا السعر</translation>
    </message>
    <message>
        <source>Buy at %1</source>
        <translation>اشترِ بسعر %1</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
    <message>
        <source>You bought</source>
        <translation>اشتريت</translation>
    </message>
    <message>
        <source>Next: when the auction ends, this screen gives you a reference to pay and collect at the counter.</source>
        <translation>التالي: عند انتهاء المزاد، تعطيك هذه الشاشة رقمًا مرجعيًا للدفع والاستلام عند المنضدة.</translation>
    </message>
</context>
<context>
    <name>Ended</name>
    <message>
        <source>Join again</source>
        <translation>انضم مجددًا</translation>
    </message>
    <message>
        <source>Book again</source>
        <translation>احجز مجددًا</translation>
    </message>
    <message>
        <source>You won!</source>
        <translation>لقد فزت!</translation>
    </message>
    <message>
        <source>Not this time</source>
        <translation>ليس هذه المرة</translation>
    </message>
    <message>
        <source>All done. Thank you!</source>
        <translation>تمّ كل شيء. شكرًا لك!</translation>
    </message>
    <message>
        <source>We can't continue this entry</source>
        <translation>لا يمكننا متابعة هذه المشاركة</translation>
    </message>
    <message>
        <source>You have left</source>
        <translation>لقد غادرت</translation>
    </message>
    <message>
        <source>Your time ran out</source>
        <translation>انتهى وقتك</translation>
    </message>
    <message>
        <source>This release has closed</source>
        <translation>أُغلق هذا الإطلاق</translation>
    </message>
    <message>
        <source>Booking cancelled</source>
        <translation>أُلغي الحجز</translation>
    </message>
    <message>
        <source>The appointment time has passed</source>
        <translation>فات موعد الحجز</translation>
    </message>
    <message>
        <source>This has ended</source>
        <translation>انتهى هذا</translation>
    </message>
    <message>
        <source>A member of staff will help you complete your purchase.</source>
        <translation>سيساعدك أحد الموظفين على إتمام عملية الشراء.</translation>
    </message>
    <message>
        <source>You were not picked this time. Thank you for taking part.</source>
        <translation>لم يتم اختيارك هذه المرة. شكرًا لمشاركتك.</translation>
    </message>
    <message>
        <source>Your visit is complete. Enjoy your day.</source>
        <translation>اكتملت زيارتك. نتمنى لك يومًا سعيدًا.</translation>
    </message>
    <message>
        <source>A member of staff can tell you more.</source>
        <translation>يمكن لأحد الموظفين إخبارك بالمزيد.</translation>
    </message>
    <message>
        <source>Your place has been given up. You are welcome to join again while it is open.</source>
        <translation>تخلّيت عن مكانك. يمكنك الانضمام مجددًا ما دام مفتوحًا.</translation>
    </message>
    <message>
        <source>Your spot was held for a limited time and has now been released.</source>
        <translation>حُجز مكانك لفترة محدودة وقد أُتيح الآن لغيرك.</translation>
    </message>
    <message>
        <source>It is no longer possible to take part. Thank you for coming.</source>
        <translation>لم تعد المشاركة ممكنة. شكرًا لحضورك.</translation>
    </message>
    <message>
        <source>Your booking is cancelled. You can book again while times are available.</source>
        <translation>أُلغي حجزك. يمكنك الحجز مجددًا ما دامت هناك مواعيد متاحة.</translation>
    </message>
    <message>
        <source>A member of staff can help you find another time.</source>
        <translation>يمكن لأحد الموظفين مساعدتك في إيجاد موعد آخر.</translation>
    </message>
    <message>
        <source>Thank you for coming.</source>
        <translation>شكرًا لحضورك.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>You won</source>
        <translation>فزت بـ</translation>
    </message>
    <message>
        <source>Your order number</source>
        <translation>رقم طلبك</translation>
    </message>
    <message>
        <source>Your reference</source>
        <translation>رقمك المرجعي</translation>
    </message>
    <message>
        <source>Show this screen or scan the code at the counter.</source>
        <translation>أظهر هذه الشاشة أو امسح الرمز عند المنضدة.</translation>
    </message>
</context>
<context>
    <name>EnterableAppointment</name>
    <message>
        <source>Book a time</source>
        <translation>احجز موعدًا</translation>
    </message>
    <message>
        <source>Choose a day, then a time.</source>
        <translation>اختر يومًا، ثم موعدًا.</translation>
    </message>
    <message>
        <source>Book this time</source>
        <translation>احجز هذا الموعد</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>اختر موعدًا</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>EnterableAuction</name>
    <message>
        <source>Place your bid</source>
        <translation>قدّم مزايدتك</translation>
    </message>
    <message>
        <source>Choose an amount. A bid is a promise to buy if you win.</source>
        <translation>اختر مبلغًا. المزايدة التزام بالشراء إذا فزت.</translation>
    </message>
    <message>
        <source>Highest bid</source>
        <translation>أعلى مزايدة</translation>
    </message>
    <message>
        <source>No bids yet</source>
        <translation>لا مزايدات بعد</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>ينتهي خلال</translation>
    </message>
    <message>
        <source>That bid was not accepted. Someone may have bid more: choose a new amount.</source>
        <translation>لم تُقبل هذه المزايدة. ربما زايد شخص آخر بمبلغ أعلى: اختر مبلغًا جديدًا.</translation>
    </message>
    <message>
        <source>Bid %1</source>
        <translation>زايد بـ %1</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>اختر مبلغًا</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
    <message>
        <source>Choose or type an amount. A bid is a promise to buy if you win.</source>
        <translation>اختر مبلغًا أو اكتبه. المزايدة التزام بالشراء إذا فزت.</translation>
    </message>
</context>
<context>
    <name>EnterableDraw</name>
    <message>
        <source>Enter the draw</source>
        <translation>شارك في السحب</translation>
    </message>
    <message>
        <source>Winners are picked at random when entries close. Entering early gives no advantage.</source>
        <translation>يُختار الفائزون عشوائيًا عند إغلاق المشاركة. المشاركة المبكرة لا تمنح أي أفضلية.</translation>
    </message>
    <message>
        <source>Entries close in</source>
        <translation>تُغلق المشاركة خلال</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>EnterableQueue</name>
    <message>
        <source>You're early</source>
        <translation>لقد وصلت مبكرًا</translation>
    </message>
    <message>
        <source>Join now and get a place when the line opens. Everyone who joins before it opens gets a fair random place.</source>
        <translation>انضم الآن واحصل على مكان عند فتح الطابور. كل من ينضم قبل الفتح يحصل على مكان عشوائي عادل.</translation>
    </message>
    <message>
        <source>Code accepted: you're in the VIP line.</source>
        <translation>تم قبول الرمز: أنت في طابور كبار الشخصيات.</translation>
    </message>
    <message>
        <source>The line opens in</source>
        <translation>يُفتح الطابور خلال</translation>
    </message>
    <message>
        <source>The line is open</source>
        <translation>الطابور مفتوح</translation>
    </message>
    <message>
        <source>Join now and watch your place move on this screen. Everyone is let in in order.</source>
        <translation>انضم الآن وتابع تقدّم مكانك على هذه الشاشة. يدخل الجميع بالترتيب.</translation>
    </message>
    <message>
        <source>Join the line</source>
        <translation>انضم إلى الطابور</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>EnterableTimedRelease</name>
    <message>
        <source>Available now</source>
        <translation>متاح الآن</translation>
    </message>
    <message>
        <source>This release is open for a limited time.</source>
        <translation>هذا الإطلاق مفتوح لفترة محدودة.</translation>
    </message>
    <message>
        <source>Closes in</source>
        <translation>يُغلق خلال</translation>
    </message>
    <message>
        <source>Get access</source>
        <translation>احصل على الدخول</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>Error</name>
    <message>
        <source>Something went wrong</source>
        <translation>حدث خطأ ما</translation>
    </message>
    <message>
        <source>That did not work. Please try again. If it keeps happening, a member of staff can help.</source>
        <translation>لم ينجح ذلك. يُرجى المحاولة مجددًا. إذا تكرر الأمر، يمكن لأحد الموظفين مساعدتك.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>حاول مجددًا</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>ابدأ من جديد</translation>
    </message>
</context>
<context>
    <name>GatedAccessCode</name>
    <message>
        <source>Enter your access code</source>
        <translation>أدخل رمز الدخول</translation>
    </message>
    <message>
        <source>That code did not work. Check it and try again.</source>
        <translation>لم يعمل هذا الرمز. تحقّق منه وحاول مجددًا.</translation>
    </message>
    <message>
        <source>This release needs a code from the organiser.</source>
        <translation>يتطلب هذا الإطلاق رمزًا من المنظّم.</translation>
    </message>
    <message>
        <source>Type your code</source>
        <translation>اكتب رمزك</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>متابعة</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>ابدأ من جديد</translation>
    </message>
</context>
<context>
    <name>GatedAuthentication</name>
    <message>
        <source>Sign-in needed</source>
        <translation>يلزم تسجيل الدخول</translation>
    </message>
    <message>
        <source>Enter the code we sent</source>
        <translation>أدخل الرمز الذي أرسلناه</translation>
    </message>
    <message>
        <source>Sign in with your phone or email</source>
        <translation>سجّل الدخول بهاتفك أو بريدك الإلكتروني</translation>
    </message>
    <message>
        <source>This release needs you to sign in, which this kiosk cannot do. A member of staff can help.</source>
        <translation>يتطلب هذا الإطلاق تسجيل الدخول، وهو ما لا يستطيعه هذا الكشك. يمكن لأحد الموظفين مساعدتك.</translation>
    </message>
    <message>
        <source>We sent a one-time code to %1.</source>
        <translation>أرسلنا رمزًا لمرة واحدة إلى %1.</translation>
    </message>
    <message>
        <source>We will send you a one-time code. We only use it to let you in.</source>
        <translation>سنرسل إليك رمزًا لمرة واحدة. نستخدمه فقط للسماح لك بالدخول.</translation>
    </message>
    <message>
        <source>That code is not right. Try again.</source>
        <translation>هذا الرمز غير صحيح. حاول مجددًا.</translation>
    </message>
    <message>
        <source>That code has expired. We can send a new one.</source>
        <translation>انتهت صلاحية هذا الرمز. يمكننا إرسال رمز جديد.</translation>
    </message>
    <message>
        <source>We sent a new code. Use the newest one.</source>
        <translation>أرسلنا رمزًا جديدًا. استخدم أحدث رمز.</translation>
    </message>
    <message>
        <source>You have asked for several codes. Wait a few minutes, then send a new one.</source>
        <translation>طلبت عدة رموز. انتظر بضع دقائق، ثم اطلب رمزًا جديدًا.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>جارٍ الإرسال…</translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation>أرسل رمزًا جديدًا</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>رمز لمرة واحدة</translation>
    </message>
    <message>
        <source>Phone number or email</source>
        <translation>رقم الهاتف أو البريد الإلكتروني</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>تأكيد</translation>
    </message>
    <message>
        <source>Send code</source>
        <translation>أرسل الرمز</translation>
    </message>
    <message>
        <source>Change phone or email</source>
        <translation>تغيير الهاتف أو البريد الإلكتروني</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>ابدأ من جديد</translation>
    </message>
</context>
<context>
    <name>GatedBotCheck</name>
    <message>
        <source>Additional verification needed</source>
        <translation>يلزم تحقق إضافي</translation>
    </message>
    <message>
        <source>We cannot continue here right now. A member of staff can help.</source>
        <translation>لا يمكننا المتابعة هنا حاليًا. يمكن لأحد الموظفين مساعدتك.</translation>
    </message>
    <message>
        <source>We need to check one more thing before you continue. Try again, or ask a member of staff.</source>
        <translation>نحتاج إلى التحقق من أمر إضافي قبل المتابعة. حاول مجددًا أو اسأل أحد الموظفين.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>حاول مجددًا</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>ابدأ من جديد</translation>
    </message>
</context>
<context>
    <name>Granted</name>
    <message>
        <source>It's your turn!</source>
        <translation>حان دورك!</translation>
    </message>
    <message>
        <source>Go to %1.</source>
        <translation>توجّه إلى %1.</translation>
    </message>
    <message>
        <source>One moment: we are letting the staff know.</source>
        <translation>لحظة من فضلك: نُبلغ الموظفين.</translation>
    </message>
    <message>
        <source>Please see a member of staff. They can find you.</source>
        <translation>يُرجى مراجعة أحد الموظفين. يمكنه إيجاد طلبك.</translation>
    </message>
    <message>
        <source>Show this reference to a member of staff to complete your purchase.</source>
        <translation>اعرض هذا المرجع على أحد الموظفين لإتمام عملية الشراء.</translation>
    </message>
    <message>
        <source>Your order number</source>
        <translation>رقم طلبك</translation>
    </message>
    <message>
        <source>Your reference</source>
        <translation>مرجعك</translation>
    </message>
    <message>
        <source>Your spot is held for</source>
        <translation>مكانك محجوز لمدة</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>Your pass is still valid for %1. Leave this screen?</source>
        <translation>لا تزال تذكرتك صالحة لمدة %1. هل تريد مغادرة هذه الشاشة؟</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>البقاء</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>مغادرة</translation>
    </message>
    <message>
        <source>You pay</source>
        <translation>ستدفع</translation>
    </message>
    <message>
        <source>You won the draw!</source>
        <translation>فزت في السحب!</translation>
    </message>
    <message>
        <source>It's yours!</source>
        <translation>إنه لك!</translation>
    </message>
    <message>
        <source>Go to %1 and show your order number before the time runs out.</source>
        <translation>توجّه إلى %1 وأظهر رقم طلبك قبل انتهاء الوقت.</translation>
    </message>
    <message>
        <source>One moment: we are letting the staff know. Your reference appears here.</source>
        <translation>لحظة من فضلك: نُبلغ الموظفين الآن. سيظهر رقمك المرجعي هنا.</translation>
    </message>
    <message>
        <source>Pay %1 at the counter and show this reference to collect it.</source>
        <translation>ادفع %1 عند المنضدة وأظهر هذا الرقم المرجعي لاستلامه.</translation>
    </message>
    <message>
        <source>You won</source>
        <translation>فزت بـ</translation>
    </message>
    <message>
        <source>You bought</source>
        <translation>اشتريت</translation>
    </message>
    <message>
        <source>Your place for</source>
        <translation>دورك في</translation>
    </message>
    <message>
        <source>Show this screen or scan the code at the counter.</source>
        <translation>أظهر هذه الشاشة أو امسح الرمز عند المنضدة.</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Have a code?</source>
        <translation>هل لديك رمز؟</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>العميل التالي</translation>
    </message>
</context>
<context>
    <name>IdlePrompt</name>
    <message>
        <source>I'm still here</source>
        <translation>ما زلت هنا</translation>
    </message>
    <message>
        <source>Are you still waiting here?</source>
        <translation>هل ما زلت تنتظر هنا؟</translation>
    </message>
    <message>
        <source>Still there?</source>
        <translation>هل ما زلت هنا؟</translation>
    </message>
    <message>
        <source>Tap the screen to keep your place. Otherwise this kiosk will give it up for the next customer.</source>
        <translation>المس الشاشة للاحتفاظ بمكانك. وإلا فسيتخلى هذا الكشك عنه للعميل التالي.</translation>
    </message>
    <message>
        <source>Tap the screen to continue. Otherwise we will start over for the next customer.</source>
        <translation>المس الشاشة للمتابعة. وإلا فسنبدأ من جديد للعميل التالي.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>مسح</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source>Language and text size</source>
        <translation>اللغة وحجم النص</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>حجم النص العادي</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>نص أكبر</translation>
    </message>
</context>
<context>
    <name>LeaveButton</name>
    <message>
        <source>Leave</source>
        <translation>مغادرة</translation>
    </message>
    <message>
        <source>Are you sure? You will lose your place.</source>
        <translation>هل أنت متأكد؟ ستفقد مكانك.</translation>
    </message>
    <message>
        <source>Yes, leave</source>
        <translation>نعم، غادر</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>البقاء</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Fanfare Kiosk</source>
        <translation>كشك Fanfare</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>الموظفون</translation>
    </message>
</context>
<context>
    <name>Offline</name>
    <message>
        <source>We can't connect right now</source>
        <translation>لا يمكننا الاتصال حاليًا</translation>
    </message>
    <message>
        <source>This kiosk keeps trying by itself. If you were already in line, you keep your place.</source>
        <translation>يواصل هذا الكشك المحاولة تلقائيًا. إذا كنت في الطابور بالفعل، فسيبقى مكانك محفوظًا.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>حاول مجددًا</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>ابدأ من جديد</translation>
    </message>
</context>
<context>
    <name>ParticipatingAppointment</name>
    <message>
        <source>Your booking reference</source>
        <translation>رقم مرجع حجزك</translation>
    </message>
    <message>
        <source>Show this to staff when you arrive for your time.</source>
        <translation>اعرضه على الموظفين عند وصولك في موعدك.</translation>
    </message>
    <message>
        <source>Choose a new time</source>
        <translation>اختر موعدًا جديدًا</translation>
    </message>
    <message>
        <source>You're checked in</source>
        <translation>تمّ تسجيل حضورك</translation>
    </message>
    <message>
        <source>You're booked</source>
        <translation>تمّ حجزك</translation>
    </message>
    <message>
        <source>Your current time is kept until you confirm a new one.</source>
        <translation>يبقى موعدك الحالي محفوظًا حتى تؤكد موعدًا جديدًا.</translation>
    </message>
    <message>
        <source>Please arrive a few minutes early.</source>
        <translation>يُرجى الحضور قبل الموعد ببضع دقائق.</translation>
    </message>
    <message>
        <source>Time to be confirmed</source>
        <translation>الموعد قيد التأكيد</translation>
    </message>
    <message>
        <source>Move to this time</source>
        <translation>الانتقال إلى هذا الموعد</translation>
    </message>
    <message>
        <source>Keep my time</source>
        <translation>أبقِ موعدي</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>Change time</source>
        <translation>تغيير الموعد</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>إلغاء الحجز</translation>
    </message>
    <message>
        <source>Cancel this booking?</source>
        <translation>هل تريد إلغاء هذا الحجز؟</translation>
    </message>
    <message>
        <source>Yes, cancel it</source>
        <translation>نعم، ألغِه</translation>
    </message>
</context>
<context>
    <name>ParticipatingAuction</name>
    <message>
        <source>You've been outbid</source>
        <translation>تمت المزايدة عليك</translation>
    </message>
    <message>
        <source>You have the highest bid</source>
        <translation>لديك أعلى مزايدة</translation>
    </message>
    <message>
        <source>Someone bid more. Bid again to stay in.</source>
        <translation>زايد شخص آخر بمبلغ أعلى. زايد مجددًا لتبقى في المنافسة.</translation>
    </message>
    <message>
        <source>We will tell you here if someone bids more.</source>
        <translation>سنخبرك هنا إذا زايد أحد بمبلغ أعلى.</translation>
    </message>
    <message>
        <source>Outbid: the highest bid is now %1.</source>
        <translation>تمت المزايدة عليك: أعلى مزايدة الآن %1.</translation>
    </message>
    <message>
        <source>Highest bid</source>
        <translation>أعلى مزايدة</translation>
    </message>
    <message>
        <source>Your bid</source>
        <translation>مزايدتك</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>ينتهي خلال</translation>
    </message>
    <message>
        <source>That bid was not accepted. Someone may have bid more: choose a new amount.</source>
        <translation>لم تُقبل هذه المزايدة. ربما زايد شخص آخر بمبلغ أعلى: اختر مبلغًا جديدًا.</translation>
    </message>
    <message>
        <source>Bid %1</source>
        <translation>زايد بـ %1</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>اختر مبلغًا</translation>
    </message>
    <message>
        <source>Leave the auction</source>
        <translation>مغادرة المزاد</translation>
    </message>
    <message>
        <source>Leave the auction? Your bids will be withdrawn.</source>
        <translation>هل تريد مغادرة المزاد؟ ستُسحب مزايداتك.</translation>
    </message>
    <message>
        <source>The reserve price is not met yet: it sells only at or above it. Bid more to win.</source>
        <translation>لم يُبلغ السعر الأدنى بعد: لا يُباع إلا به أو بأكثر. زايد أكثر لتفوز.</translation>
    </message>
</context>
<context>
    <name>ParticipatingDraw</name>
    <message>
        <source>You can walk away. Come back after %1 and enter this reference on any kiosk here to see your result.</source>
        <translation>يمكنك المغادرة. عُد بعد %1 وأدخل هذا المرجع في أي كشك هنا لمعرفة نتيجتك.</translation>
    </message>
    <message>
        <source>Your entry reference</source>
        <translation>مرجع مشاركتك</translation>
    </message>
    <message>
        <source>Take a photo of it or write it down.</source>
        <translation>التقط صورة له أو دوّنه.</translation>
    </message>
    <message>
        <source>You're in the draw. You can walk away: results at %1.</source>
        <translation>أنت مشارك في السحب. يمكنك المغادرة: النتائج في %1.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>You're entered</source>
        <translation>تمّت مشاركتك</translation>
    </message>
    <message>
        <source>Winners are picked at random when the draw runs. The result shows here.</source>
        <translation>يُختار الفائزون عشوائيًا عند إجراء السحب. ستظهر النتيجة هنا.</translation>
    </message>
    <message>
        <source>Draw in</source>
        <translation>السحب خلال</translation>
    </message>
    <message>
        <source>Withdraw my entry</source>
        <translation>سحب مشاركتي</translation>
    </message>
    <message>
        <source>Withdraw from the draw? You can enter again while it is open.</source>
        <translation>هل تريد الانسحاب من السحب؟ يمكنك المشاركة مجددًا ما دام مفتوحًا.</translation>
    </message>
    <message>
        <source>Yes, withdraw</source>
        <translation>نعم، انسحب</translation>
    </message>
    <message>
        <source>Only this screen shows the result: to claim a prize, be here when the draw runs. An entry cannot be looked up later.</source>
        <translation>هذه الشاشة وحدها تعرض النتيجة: للمطالبة بجائزة، كن هنا عند إجراء السحب. لا يمكن البحث عن المشاركة لاحقًا.</translation>
    </message>
</context>
<context>
    <name>ParticipatingQueue</name>
    <message>
        <source>You're in line</source>
        <translation>أنت في الطابور</translation>
    </message>
    <message>
        <source>Stay nearby: this screen updates by itself and tells you when it's your turn.</source>
        <translation>ابقَ قريبًا: تتحدّث هذه الشاشة تلقائيًا وتخبرك عندما يحين دورك.</translation>
    </message>
    <message>
        <source>The line is paused for a moment. You keep your place.</source>
        <translation>الطابور متوقف مؤقتًا. سيبقى مكانك محفوظًا.</translation>
    </message>
    <message>
        <source>Your place in line: %1</source>
        <translation>مكانك في الطابور: %1</translation>
    </message>
    <message>
        <source>You are in line</source>
        <translation>أنت في الطابور</translation>
    </message>
    <message>
        <source>Your place</source>
        <translation>مكانك</translation>
    </message>
    <message>
        <source>In line</source>
        <translation>في الطابور</translation>
    </message>
    <message>
        <source>Estimated wait</source>
        <translation>الانتظار المتوقع</translation>
    </message>
    <message>
        <source>About %1 min</source>
        <translation>حوالي %1 د</translation>
    </message>
    <message>
        <source>Working it out…</source>
        <translation>جارٍ الحساب…</translation>
    </message>
    <message>
        <source>Leave the line</source>
        <translation>مغادرة الطابور</translation>
    </message>
</context>
<context>
    <name>ParticipatingTimedRelease</name>
    <message>
        <source>You're in</source>
        <translation>أنت بالداخل</translation>
    </message>
    <message>
        <source>Your access is being prepared. Please stay on this screen.</source>
        <translation>يجري تجهيز دخولك. يُرجى البقاء على هذه الشاشة.</translation>
    </message>
    <message>
        <source>Release closes in</source>
        <translation>يُغلق الإطلاق خلال</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>مغادرة</translation>
    </message>
</context>
<context>
    <name>Ready</name>
    <message>
        <source>Have an entry reference?</source>
        <translation>هل لديك مرجع مشاركة؟</translation>
    </message>
    <message>
        <source>Ready when you are</source>
        <translation>نحن جاهزون متى شئت</translation>
    </message>
    <message>
        <source>Tap Start to join. It only takes a moment, and you can leave at any time.</source>
        <translation>اضغط «ابدأ» للانضمام. لن يستغرق ذلك سوى لحظة، ويمكنك المغادرة في أي وقت.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>ابدأ</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
</context>
<context>
    <name>Routing</name>
    <message>
        <source>One moment…</source>
        <translation>لحظة من فضلك…</translation>
    </message>
    <message>
        <source>Finding your way in.</source>
        <translation>نبحث عن طريقة دخولك.</translation>
    </message>
</context>
<context>
    <name>Scheduled</name>
    <message>
        <source>It's open for you</source>
        <translation>حان دورك الآن</translation>
    </message>
    <message>
        <source>Opening soon</source>
        <translation>يُفتح قريبًا</translation>
    </message>
    <message>
        <source>You were on the waitlist and your turn has come. Please see a member of staff.</source>
        <translation>كنت في قائمة الانتظار وقد حان دورك. يُرجى مراجعة أحد الموظفين.</translation>
    </message>
    <message>
        <source>This release has not opened yet. The countdown shows when it does.</source>
        <translation>لم يُفتح هذا الإطلاق بعد. يُظهر العد التنازلي موعد افتتاحه.</translation>
    </message>
    <message>
        <source>Opens in</source>
        <translation>يُفتح خلال</translation>
    </message>
    <message>
        <source>You are on the waitlist: number %1.</source>
        <translation>أنت في قائمة الانتظار: رقم %1.</translation>
    </message>
    <message>
        <source>You are on the waitlist.</source>
        <translation>أنت في قائمة الانتظار.</translation>
    </message>
    <message>
        <source>Join the waitlist to be let in when it opens.</source>
        <translation>انضم إلى قائمة الانتظار لتدخل عند الافتتاح.</translation>
    </message>
    <message>
        <source>Join the waitlist</source>
        <translation>انضم إلى قائمة الانتظار</translation>
    </message>
    <message>
        <source>Leave the waitlist</source>
        <translation>مغادرة قائمة الانتظار</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
</context>
<context>
    <name>Settling</name>
    <message>
        <source>Results coming</source>
        <translation>النتائج قادمة</translation>
    </message>
    <message>
        <source>Bidding has closed. The result is being decided and will show here.</source>
        <translation>أُغلقت المزايدة. يجري تحديد النتيجة وستظهر هنا.</translation>
    </message>
    <message>
        <source>The draw has closed. Winners are being picked and the result will show here.</source>
        <translation>أُغلق السحب. يجري اختيار الفائزين وستظهر النتيجة هنا.</translation>
    </message>
    <message>
        <source>Result expected in</source>
        <translation>النتيجة متوقعة خلال</translation>
    </message>
</context>
<context>
    <name>SlotPicker</name>
    <message>
        <source>Today</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>غدًا</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>من %1 إلى %2</translation>
    </message>
    <message>
        <source>%1, full</source>
        <translation>%1، ممتلئ</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 في %2</translation>
    </message>
    <message>
        <source>Times at %1</source>
        <translation>المواعيد في %1</translation>
    </message>
    <message>
        <source>No times are available at this kiosk right now. A member of staff can help.</source>
        <translation>لا توجد مواعيد متاحة في هذا الكشك حاليًا. يمكن لأحد الموظفين مساعدتك.</translation>
    </message>
</context>
<context>
    <name>Spinner</name>
    <message>
        <source>Working</source>
        <translation>جارٍ العمل</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Close staff settings</source>
        <translation>إغلاق إعدادات الموظفين</translation>
    </message>
    <message>
        <source>Staff settings</source>
        <translation>إعدادات الموظفين</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>الرقم السري للموظفين</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 s.</source>
        <translation>محاولات خاطئة كثيرة. حاول مجددًا بعد %1 ث.</translation>
    </message>
    <message>
        <source>That PIN is not right.</source>
        <translation>هذا الرقم السري غير صحيح.</translation>
    </message>
    <message>
        <source>Enter the staff PIN.</source>
        <translation>أدخل الرقم السري للموظفين.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>الرقم السري</translation>
    </message>
    <message>
        <source>Next customer (wipe this visit)</source>
        <translation>العميل التالي (مسح هذه الزيارة)</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>حجم النص العادي</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>نص أكبر</translation>
    </message>
    <message>
        <source>Exit the kiosk</source>
        <translation>الخروج من الكشك</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
</context>
<context>
    <name>StaleBadge</name>
    <message>
        <source>Updates paused – reconnecting</source>
        <translation>التحديثات متوقفة – جارٍ إعادة الاتصال</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Connection lost. Showing your last update while we reconnect.</source>
        <translation>انقطع الاتصال. نعرض آخر تحديث لديك ريثما نعيد الاتصال.</translation>
    </message>
    <message>
        <source>Connection restored.</source>
        <translation>عاد الاتصال.</translation>
    </message>
    <message>
        <source>Your access has changed.</source>
        <translation>تغيّر دخولك.</translation>
    </message>
    <message>
        <source>Your access has changed. Please check the details.</source>
        <translation>تغيّر دخولك. يُرجى مراجعة التفاصيل.</translation>
    </message>
    <message>
        <source>Your time to check out has run out.</source>
        <translation>انتهى وقتك لإتمام الشراء.</translation>
    </message>
    <message>
        <source>We could not start. Please try again.</source>
        <translation>تعذّر البدء. يُرجى المحاولة مجددًا.</translation>
    </message>
    <message>
        <source>We could not update this screen. Showing your last update.</source>
        <translation>تعذّر تحديث هذه الشاشة. نعرض آخر تحديث لديك.</translation>
    </message>
    <message>
        <source>Please check the screen.</source>
        <translation>يُرجى التحقق من الشاشة.</translation>
    </message>
    <message>
        <source>Updated.</source>
        <translation>تم التحديث.</translation>
    </message>
</context>
<context>
    <name>Unavailable</name>
    <message>
        <source>Not available right now</source>
        <translation>غير متاح حاليًا</translation>
    </message>
    <message>
        <source>There is nothing to join here at the moment. Please check back later, or ask a member of staff.</source>
        <translation>لا يوجد ما يمكن الانضمام إليه حاليًا. يُرجى العودة لاحقًا أو سؤال أحد الموظفين.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
</context>
<context>
    <name>QrCode</name>
    <message>
        <source>QR code of %1</source>
        <translation>رمز QR لـ %1</translation>
    </message>
</context>
<context>
    <name>AttractCard</name>
    <message>
        <source>%1 in line · about %2 min</source>
        <translation>%1 في الطابور · حوالي %2 دقيقة</translation>
    </message>
    <message>
        <source>No line right now</source>
        <translation>لا يوجد طابور الآن</translation>
    </message>
    <message>
        <source>Opens in %1</source>
        <translation>يفتح بعد %1</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>نفدت الكمية</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>مغلق</translation>
    </message>
    <message>
        <source>Draw closes %1</source>
        <translation>يُغلق السحب الساعة %1</translation>
    </message>
    <message>
        <source>Current price %1</source>
        <translation>السعر الحالي %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>متبقٍ %1</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>مفتوح الآن</translation>
    </message>
</context>
<context>
    <name>ReferenceEntry</name>
    <message>
        <source>Enter your entry reference</source>
        <translation>أدخل مرجع مشاركتك</translation>
    </message>
    <message>
        <source>Have an entry reference?</source>
        <translation>هل لديك مرجع مشاركة؟</translation>
    </message>
    <message>
        <source>Type the 6-character reference you were given when you entered the draw.</source>
        <translation>اكتب المرجع المكوّن من 6 أحرف الذي حصلت عليه عند مشاركتك في السحب.</translation>
    </message>
    <message>
        <source>That reference did not match an entry in this draw. Check it and try again.</source>
        <translation>هذا المرجع لا يطابق أي مشاركة في هذا السحب. تحقّق منه وحاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Too many tries. Wait a minute, then try again.</source>
        <translation>محاولات كثيرة جدًا. انتظر دقيقة ثم حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>This entry's result has already been claimed or has expired.</source>
        <translation>تمت المطالبة بنتيجة هذه المشاركة بالفعل أو انتهت صلاحيتها.</translation>
    </message>
    <message>
        <source>Type your reference</source>
        <translation>اكتب مرجعك</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>See my result</source>
        <translation>عرض نتيجتي</translation>
    </message>
</context>
</TS>