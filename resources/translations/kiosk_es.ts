<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es">
<context>
    <name>Attract</name>
    <message>
        <source>Scroll the list</source>
        <translation>Desplazar la lista</translation>
    </message>
    <message>
        <source>Back to the top</source>
        <translation>Volver arriba</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Más</translation>
    </message>
    <message>
        <source>Back to the top of the list</source>
        <translation>Volver al principio de la lista</translation>
    </message>
    <message>
        <source>More experiences</source>
        <translation>Más experiencias</translation>
    </message>
    <message>
        <source>Touch to start</source>
        <translation>Toca para empezar</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Bienvenido</translation>
    </message>
    <message>
        <source>This kiosk cannot reach the venue right now. Please ask a member of staff.</source>
        <translation>Este quiosco no puede conectar con el local ahora mismo. Pregunta a un miembro del personal.</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>Preparando…</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>Toca la pantalla para empezar</translation>
    </message>
    <message>
        <source>Choose what you are here for</source>
        <translation>Elige a qué has venido</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
</context>
<context>
    <name>BidChips</name>
    <message>
        <source>Quick bids</source>
        <translation>Pujas rápidas</translation>
    </message>
    <message>
        <source>Your amount</source>
        <translation>Tu importe</translation>
    </message>
    <message>
        <source>Type an amount</source>
        <translation>Escribe un importe</translation>
    </message>
    <message>
        <source>Minimum bid</source>
        <translation>Puja mínima</translation>
    </message>
    <message>
        <source>Bid</source>
        <translation>Puja</translation>
    </message>
    <message>
        <source>That bid was too low. The lowest bid now is %1.</source>
        <translation>Esa puja era demasiado baja. La puja mínima ahora es %1.</translation>
    </message>
    <message>
        <source>That bid was too low.</source>
        <translation>Esa puja era demasiado baja.</translation>
    </message>
    <message>
        <source>This auction has closed: bids are no longer taken.</source>
        <translation>Esta subasta ha cerrado: ya no se aceptan pujas.</translation>
    </message>
    <message>
        <source>You already bought one: each customer may buy one.</source>
        <translation>Ya compraste uno: cada cliente puede comprar uno.</translation>
    </message>
    <message>
        <source>That bid was not accepted. Please try again.</source>
        <translation>Esa puja no fue aceptada. Inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>Otro importe</translation>
    </message>
</context>
<context>
    <name>CodeEntry</name>
    <message>
        <source>That code did not work. Check it and try again.</source>
        <translation>Ese código no funcionó. Revísalo e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Enter a code</source>
        <translation>Introduce un código</translation>
    </message>
    <message>
        <source>Have a code?</source>
        <translation>¿Tienes un código?</translation>
    </message>
    <message>
        <source>That code did not change anything. Check it and try again.</source>
        <translation>Ese código no cambió nada. Revísalo e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>A code from the organiser may give you a better way in. Your current place is kept.</source>
        <translation>Un código del organizador puede darte un mejor acceso. Conservas tu lugar actual.</translation>
    </message>
    <message>
        <source>Type your code</source>
        <translation>Escribe tu código</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Use code</source>
        <translation>Usar código</translation>
    </message>
</context>
<context>
    <name>DutchAuction</name>
    <message>
        <source>You bought one</source>
        <translation>Compraste uno</translation>
    </message>
    <message>
        <source>Buy before the price drops</source>
        <translation>Compra antes de que baje el precio</translation>
    </message>
    <message>
        <source>You pay %1. It is yours when the auction ends.</source>
        <translation>Pagas %1. Es tuyo cuando termine la subasta.</translation>
    </message>
    <message>
        <source>The price falls until every one is sold. Buy when the price suits you.</source>
        <translation>El precio baja hasta que se venden todos. Compra cuando el precio te convenga.</translation>
    </message>
    <message>
        <source>You pay</source>
        <translation>Pagas</translation>
    </message>
    <message>
        <source>Price now</source>
        <translation>Precio actual</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>Termina en</translation>
    </message>
    <message>
        <source>This auction has closed: bids are no longer taken.</source>
        <translation>Esta subasta ha cerrado: ya no se aceptan pujas.</translation>
    </message>
    <message>
        <source>You already bought one: each customer may buy one.</source>
        <translation>Ya compraste uno: cada cliente puede comprar uno.</translation>
    </message>
    <message>
        <source>That did not go through. Please try again.</source>
        <translation>No se pudo completar. Inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Buy at this price</source>
        <translation>Comprar a este precio</translation>
    </message>
    <message>
        <source>Buy at %1</source>
        <translation>Comprar a %1</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>You bought</source>
        <translation>Has comprado</translation>
    </message>
    <message>
        <source>Next: when the auction ends, this screen gives you a reference to pay and collect at the counter.</source>
        <translation>Después: cuando termine la subasta, esta pantalla te dará una referencia para pagar y recogerlo en el mostrador.</translation>
    </message>
</context>
<context>
    <name>Ended</name>
    <message>
        <source>Join again</source>
        <translation>Unirse de nuevo</translation>
    </message>
    <message>
        <source>Book again</source>
        <translation>Reservar de nuevo</translation>
    </message>
    <message>
        <source>You won!</source>
        <translation>¡Has ganado!</translation>
    </message>
    <message>
        <source>Not this time</source>
        <translation>Esta vez no</translation>
    </message>
    <message>
        <source>All done. Thank you!</source>
        <translation>Todo listo. ¡Gracias!</translation>
    </message>
    <message>
        <source>We can't continue this entry</source>
        <translation>No podemos continuar con esta participación</translation>
    </message>
    <message>
        <source>You have left</source>
        <translation>Has salido</translation>
    </message>
    <message>
        <source>Your time ran out</source>
        <translation>Se acabó tu tiempo</translation>
    </message>
    <message>
        <source>This release has closed</source>
        <translation>Este lanzamiento ha cerrado</translation>
    </message>
    <message>
        <source>Booking cancelled</source>
        <translation>Reserva cancelada</translation>
    </message>
    <message>
        <source>The appointment time has passed</source>
        <translation>La hora de la cita ya pasó</translation>
    </message>
    <message>
        <source>This has ended</source>
        <translation>Esto ha terminado</translation>
    </message>
    <message>
        <source>A member of staff will help you complete your purchase.</source>
        <translation>Un miembro del personal te ayudará a completar tu compra.</translation>
    </message>
    <message>
        <source>You were not picked this time. Thank you for taking part.</source>
        <translation>Esta vez no has sido elegido. Gracias por participar.</translation>
    </message>
    <message>
        <source>Your visit is complete. Enjoy your day.</source>
        <translation>Tu visita ha terminado. Que disfrutes del día.</translation>
    </message>
    <message>
        <source>A member of staff can tell you more.</source>
        <translation>Un miembro del personal puede darte más información.</translation>
    </message>
    <message>
        <source>Your place has been given up. You are welcome to join again while it is open.</source>
        <translation>Has cedido tu lugar. Puedes volver a unirte mientras esté abierto.</translation>
    </message>
    <message>
        <source>Your spot was held for a limited time and has now been released.</source>
        <translation>Tu lugar se reservó por un tiempo limitado y ya se ha liberado.</translation>
    </message>
    <message>
        <source>It is no longer possible to take part. Thank you for coming.</source>
        <translation>Ya no es posible participar. Gracias por venir.</translation>
    </message>
    <message>
        <source>Your booking is cancelled. You can book again while times are available.</source>
        <translation>Tu reserva está cancelada. Puedes volver a reservar mientras haya horas disponibles.</translation>
    </message>
    <message>
        <source>A member of staff can help you find another time.</source>
        <translation>Un miembro del personal puede ayudarte a encontrar otra hora.</translation>
    </message>
    <message>
        <source>Thank you for coming.</source>
        <translation>Gracias por venir.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>You won</source>
        <translation>Has ganado</translation>
    </message>
    <message>
        <source>Your order number</source>
        <translation>Tu número de pedido</translation>
    </message>
    <message>
        <source>Your reference</source>
        <translation>Tu referencia</translation>
    </message>
    <message>
        <source>Show this screen or scan the code at the counter.</source>
        <translation>Muestra esta pantalla o escanea el código en el mostrador.</translation>
    </message>
</context>
<context>
    <name>EnterableAppointment</name>
    <message>
        <source>Book a time</source>
        <translation>Reserva una hora</translation>
    </message>
    <message>
        <source>Choose a day, then a time.</source>
        <translation>Elige un día y luego una hora.</translation>
    </message>
    <message>
        <source>Book this time</source>
        <translation>Reservar esta hora</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>Elige una hora</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>EnterableAuction</name>
    <message>
        <source>Place your bid</source>
        <translation>Haz tu puja</translation>
    </message>
    <message>
        <source>Choose an amount. A bid is a promise to buy if you win.</source>
        <translation>Elige una cantidad. Pujar es un compromiso de compra si ganas.</translation>
    </message>
    <message>
        <source>Highest bid</source>
        <translation>Puja más alta</translation>
    </message>
    <message>
        <source>No bids yet</source>
        <translation>Aún no hay pujas</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>Termina en</translation>
    </message>
    <message>
        <source>That bid was not accepted. Someone may have bid more: choose a new amount.</source>
        <translation>No se aceptó esa puja. Puede que alguien haya pujado más: elige una nueva cantidad.</translation>
    </message>
    <message>
        <source>Bid %1</source>
        <translation>Pujar %1</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>Elige una cantidad</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Choose or type an amount. A bid is a promise to buy if you win.</source>
        <translation>Elige o escribe un importe. Una puja es un compromiso de compra si ganas.</translation>
    </message>
</context>
<context>
    <name>EnterableDraw</name>
    <message>
        <source>Enter the draw</source>
        <translation>Participar en el sorteo</translation>
    </message>
    <message>
        <source>Winners are picked at random when entries close. Entering early gives no advantage.</source>
        <translation>Los ganadores se eligen al azar cuando cierra la inscripción. Participar antes no da ventaja.</translation>
    </message>
    <message>
        <source>Entries close in</source>
        <translation>La inscripción cierra en</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>EnterableQueue</name>
    <message>
        <source>You're early</source>
        <translation>Has llegado pronto</translation>
    </message>
    <message>
        <source>Join now and get a place when the line opens. Everyone who joins before it opens gets a fair random place.</source>
        <translation>Únete ahora y tendrás un puesto cuando se abra la fila. Quien se une antes de que abra recibe un puesto al azar, de forma justa.</translation>
    </message>
    <message>
        <source>Code accepted: you're in the VIP line.</source>
        <translation>Código aceptado: estás en la fila VIP.</translation>
    </message>
    <message>
        <source>The line opens in</source>
        <translation>La fila se abre en</translation>
    </message>
    <message>
        <source>The line is open</source>
        <translation>La fila está abierta</translation>
    </message>
    <message>
        <source>Join now and watch your place move on this screen. Everyone is let in in order.</source>
        <translation>Únete ahora y sigue tu lugar en esta pantalla. Todos entran por orden.</translation>
    </message>
    <message>
        <source>Join the line</source>
        <translation>Unirse a la fila</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>EnterableTimedRelease</name>
    <message>
        <source>Available now</source>
        <translation>Disponible ahora</translation>
    </message>
    <message>
        <source>This release is open for a limited time.</source>
        <translation>Este lanzamiento está abierto por tiempo limitado.</translation>
    </message>
    <message>
        <source>Closes in</source>
        <translation>Cierra en</translation>
    </message>
    <message>
        <source>Get access</source>
        <translation>Obtener acceso</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>Error</name>
    <message>
        <source>Something went wrong</source>
        <translation>Algo salió mal</translation>
    </message>
    <message>
        <source>That did not work. Please try again. If it keeps happening, a member of staff can help.</source>
        <translation>No funcionó. Inténtalo de nuevo. Si sigue pasando, un miembro del personal puede ayudarte.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
</context>
<context>
    <name>GatedAccessCode</name>
    <message>
        <source>Enter your access code</source>
        <translation>Introduce tu código de acceso</translation>
    </message>
    <message>
        <source>That code did not work. Check it and try again.</source>
        <translation>Ese código no funcionó. Revísalo e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>This release needs a code from the organiser.</source>
        <translation>Este lanzamiento requiere un código del organizador.</translation>
    </message>
    <message>
        <source>Type your code</source>
        <translation>Escribe tu código</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
</context>
<context>
    <name>GatedAuthentication</name>
    <message>
        <source>Sign-in needed</source>
        <translation>Es necesario iniciar sesión</translation>
    </message>
    <message>
        <source>Enter the code we sent</source>
        <translation>Introduce el código que te enviamos</translation>
    </message>
    <message>
        <source>Sign in with your phone or email</source>
        <translation>Inicia sesión con tu teléfono o correo</translation>
    </message>
    <message>
        <source>This release needs you to sign in, which this kiosk cannot do. A member of staff can help.</source>
        <translation>Este lanzamiento requiere iniciar sesión, y este quiosco no puede hacerlo. Un miembro del personal puede ayudarte.</translation>
    </message>
    <message>
        <source>We sent a one-time code to %1.</source>
        <translation>Enviamos un código de un solo uso a %1.</translation>
    </message>
    <message>
        <source>We will send you a one-time code. We only use it to let you in.</source>
        <translation>Te enviaremos un código de un solo uso. Solo lo usamos para dejarte entrar.</translation>
    </message>
    <message>
        <source>That code is not right. Try again.</source>
        <translation>Ese código no es correcto. Inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>That code has expired. We can send a new one.</source>
        <translation>Ese código ha caducado. Podemos enviarte uno nuevo.</translation>
    </message>
    <message>
        <source>We sent a new code. Use the newest one.</source>
        <translation>Te enviamos un código nuevo. Usa el más reciente.</translation>
    </message>
    <message>
        <source>You have asked for several codes. Wait a few minutes, then send a new one.</source>
        <translation>Has pedido varios códigos. Espera unos minutos y luego pide uno nuevo.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation>Enviar un código nuevo</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Código de un solo uso</translation>
    </message>
    <message>
        <source>Phone number or email</source>
        <translation>Teléfono o correo electrónico</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirmar</translation>
    </message>
    <message>
        <source>Send code</source>
        <translation>Enviar código</translation>
    </message>
    <message>
        <source>Change phone or email</source>
        <translation>Cambiar teléfono o correo</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
</context>
<context>
    <name>GatedBotCheck</name>
    <message>
        <source>Additional verification needed</source>
        <translation>Se necesita una verificación adicional</translation>
    </message>
    <message>
        <source>We cannot continue here right now. A member of staff can help.</source>
        <translation>No podemos continuar aquí ahora mismo. Un miembro del personal puede ayudarte.</translation>
    </message>
    <message>
        <source>We need to check one more thing before you continue. Try again, or ask a member of staff.</source>
        <translation>Necesitamos comprobar una cosa más antes de continuar. Inténtalo de nuevo o pregunta a un miembro del personal.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
</context>
<context>
    <name>Granted</name>
    <message>
        <source>It's your turn!</source>
        <translation>¡Es tu turno!</translation>
    </message>
    <message>
        <source>Go to %1.</source>
        <translation>Ve a %1.</translation>
    </message>
    <message>
        <source>One moment: we are letting the staff know.</source>
        <translation>Un momento: estamos avisando al personal.</translation>
    </message>
    <message>
        <source>Please see a member of staff. They can find you.</source>
        <translation>Acude a un miembro del personal. Podrá encontrarte.</translation>
    </message>
    <message>
        <source>Show this reference to a member of staff to complete your purchase.</source>
        <translation>Muestra esta referencia a un miembro del personal para completar tu compra.</translation>
    </message>
    <message>
        <source>Your order number</source>
        <translation>Tu número de pedido</translation>
    </message>
    <message>
        <source>Your reference</source>
        <translation>Tu referencia</translation>
    </message>
    <message>
        <source>Your spot is held for</source>
        <translation>Tu lugar se reserva durante</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Your pass is still valid for %1. Leave this screen?</source>
        <translation>Tu pase sigue siendo válido durante %1. ¿Salir de esta pantalla?</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Quedarme</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>You pay</source>
        <translation>Pagas</translation>
    </message>
    <message>
        <source>You won the draw!</source>
        <translation>¡Has ganado el sorteo!</translation>
    </message>
    <message>
        <source>It's yours!</source>
        <translation>¡Es tuyo!</translation>
    </message>
    <message>
        <source>Go to %1 and show your order number before the time runs out.</source>
        <translation>Ve a %1 y muestra tu número de pedido antes de que se acabe el tiempo.</translation>
    </message>
    <message>
        <source>One moment: we are letting the staff know. Your reference appears here.</source>
        <translation>Un momento: estamos avisando al personal. Tu referencia aparecerá aquí.</translation>
    </message>
    <message>
        <source>Pay %1 at the counter and show this reference to collect it.</source>
        <translation>Paga %1 en el mostrador y muestra esta referencia para recogerlo.</translation>
    </message>
    <message>
        <source>You won</source>
        <translation>Has ganado</translation>
    </message>
    <message>
        <source>You bought</source>
        <translation>Has comprado</translation>
    </message>
    <message>
        <source>Your place for</source>
        <translation>Tu turno para</translation>
    </message>
    <message>
        <source>Show this screen or scan the code at the counter.</source>
        <translation>Muestra esta pantalla o escanea el código en el mostrador.</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Have a code?</source>
        <translation>¿Tienes un código?</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>Siguiente cliente</translation>
    </message>
</context>
<context>
    <name>IdlePrompt</name>
    <message>
        <source>I'm still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <source>Are you still waiting here?</source>
        <translation>¿Sigues esperando aquí?</translation>
    </message>
    <message>
        <source>Still there?</source>
        <translation>¿Sigues ahí?</translation>
    </message>
    <message>
        <source>Tap the screen to keep your place. Otherwise this kiosk will give it up for the next customer.</source>
        <translation>Toca la pantalla para conservar tu lugar. Si no, este quiosco lo cederá para el siguiente cliente.</translation>
    </message>
    <message>
        <source>Tap the screen to continue. Otherwise we will start over for the next customer.</source>
        <translation>Toca la pantalla para continuar. Si no, empezaremos de nuevo para el siguiente cliente.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>Limpiar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source>Language and text size</source>
        <translation>Idioma y tamaño del texto</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>Tamaño de texto normal</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texto más grande</translation>
    </message>
</context>
<context>
    <name>LeaveButton</name>
    <message>
        <source>Leave</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Are you sure? You will lose your place.</source>
        <translation>¿Seguro? Perderás tu lugar.</translation>
    </message>
    <message>
        <source>Yes, leave</source>
        <translation>Sí, salir</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Quedarme</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Fanfare Kiosk</source>
        <translation>Quiosco Fanfare</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
</context>
<context>
    <name>Offline</name>
    <message>
        <source>We can't connect right now</source>
        <translation>No podemos conectar ahora mismo</translation>
    </message>
    <message>
        <source>This kiosk keeps trying by itself. If you were already in line, you keep your place.</source>
        <translation>Este quiosco sigue intentándolo solo. Si ya estabas en la fila, conservas tu lugar.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
</context>
<context>
    <name>ParticipatingAppointment</name>
    <message>
        <source>Your booking reference</source>
        <translation>Tu referencia de reserva</translation>
    </message>
    <message>
        <source>Show this to staff when you arrive for your time.</source>
        <translation>Enséñasela al personal cuando llegues a tu hora.</translation>
    </message>
    <message>
        <source>Choose a new time</source>
        <translation>Elige una nueva hora</translation>
    </message>
    <message>
        <source>You're checked in</source>
        <translation>Ya te has registrado</translation>
    </message>
    <message>
        <source>You're booked</source>
        <translation>Tienes tu reserva</translation>
    </message>
    <message>
        <source>Your current time is kept until you confirm a new one.</source>
        <translation>Tu hora actual se mantiene hasta que confirmes una nueva.</translation>
    </message>
    <message>
        <source>Please arrive a few minutes early.</source>
        <translation>Llega unos minutos antes, por favor.</translation>
    </message>
    <message>
        <source>Time to be confirmed</source>
        <translation>Hora por confirmar</translation>
    </message>
    <message>
        <source>Move to this time</source>
        <translation>Cambiar a esta hora</translation>
    </message>
    <message>
        <source>Keep my time</source>
        <translation>Mantener mi hora</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Change time</source>
        <translation>Cambiar la hora</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>Cancelar la reserva</translation>
    </message>
    <message>
        <source>Cancel this booking?</source>
        <translation>¿Cancelar esta reserva?</translation>
    </message>
    <message>
        <source>Yes, cancel it</source>
        <translation>Sí, cancelarla</translation>
    </message>
</context>
<context>
    <name>ParticipatingAuction</name>
    <message>
        <source>You've been outbid</source>
        <translation>Te han superado</translation>
    </message>
    <message>
        <source>You have the highest bid</source>
        <translation>Tienes la puja más alta</translation>
    </message>
    <message>
        <source>Someone bid more. Bid again to stay in.</source>
        <translation>Alguien pujó más. Vuelve a pujar para seguir.</translation>
    </message>
    <message>
        <source>We will tell you here if someone bids more.</source>
        <translation>Te avisaremos aquí si alguien puja más.</translation>
    </message>
    <message>
        <source>Outbid: the highest bid is now %1.</source>
        <translation>Te han superado: la puja más alta es ahora %1.</translation>
    </message>
    <message>
        <source>Highest bid</source>
        <translation>Puja más alta</translation>
    </message>
    <message>
        <source>Your bid</source>
        <translation>Tu puja</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>Termina en</translation>
    </message>
    <message>
        <source>That bid was not accepted. Someone may have bid more: choose a new amount.</source>
        <translation>No se aceptó esa puja. Puede que alguien haya pujado más: elige una nueva cantidad.</translation>
    </message>
    <message>
        <source>Bid %1</source>
        <translation>Pujar %1</translation>
    </message>
    <message>
        <source>Choose an amount</source>
        <translation>Elige una cantidad</translation>
    </message>
    <message>
        <source>Leave the auction</source>
        <translation>Salir de la subasta</translation>
    </message>
    <message>
        <source>Leave the auction? Your bids will be withdrawn.</source>
        <translation>¿Salir de la subasta? Se retirarán tus pujas.</translation>
    </message>
    <message>
        <source>The reserve price is not met yet: it sells only at or above it. Bid more to win.</source>
        <translation>Aún no se alcanza el precio de reserva: solo se vende a ese precio o más. Puja más para ganar.</translation>
    </message>
</context>
<context>
    <name>ParticipatingDraw</name>
    <message>
        <source>You can walk away. Come back after %1 and enter this reference on any kiosk here to see your result.</source>
        <translation>Puedes irte. Vuelve después de las %1 e introduce esta referencia en cualquier quiosco de aquí para ver tu resultado.</translation>
    </message>
    <message>
        <source>Your entry reference</source>
        <translation>Tu referencia de participación</translation>
    </message>
    <message>
        <source>Take a photo of it or write it down.</source>
        <translation>Hazle una foto o apúntala.</translation>
    </message>
    <message>
        <source>You're in the draw. You can walk away: results at %1.</source>
        <translation>Estás en el sorteo. Puedes irte: resultados a las %1.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>You're entered</source>
        <translation>Ya estás participando</translation>
    </message>
    <message>
        <source>Winners are picked at random when the draw runs. The result shows here.</source>
        <translation>Los ganadores se eligen al azar en el sorteo. El resultado aparecerá aquí.</translation>
    </message>
    <message>
        <source>Draw in</source>
        <translation>Sorteo en</translation>
    </message>
    <message>
        <source>Withdraw my entry</source>
        <translation>Retirar mi participación</translation>
    </message>
    <message>
        <source>Withdraw from the draw? You can enter again while it is open.</source>
        <translation>¿Retirarte del sorteo? Puedes volver a participar mientras esté abierto.</translation>
    </message>
    <message>
        <source>Yes, withdraw</source>
        <translation>Sí, retirarme</translation>
    </message>
    <message>
        <source>Only this screen shows the result: to claim a prize, be here when the draw runs. An entry cannot be looked up later.</source>
        <translation>Solo esta pantalla muestra el resultado: para reclamar un premio, quédate aquí cuando se haga el sorteo. Una participación no se puede consultar después.</translation>
    </message>
</context>
<context>
    <name>ParticipatingQueue</name>
    <message>
        <source>You're in line</source>
        <translation>Estás en la fila</translation>
    </message>
    <message>
        <source>Stay nearby: this screen updates by itself and tells you when it's your turn.</source>
        <translation>Quédate cerca: esta pantalla se actualiza sola y te avisa cuando sea tu turno.</translation>
    </message>
    <message>
        <source>The line is paused for a moment. You keep your place.</source>
        <translation>La fila está en pausa un momento. Conservas tu lugar.</translation>
    </message>
    <message>
        <source>Your place in line: %1</source>
        <translation>Tu lugar en la fila: %1</translation>
    </message>
    <message>
        <source>You are in line</source>
        <translation>Estás en la fila</translation>
    </message>
    <message>
        <source>Your place</source>
        <translation>Tu lugar</translation>
    </message>
    <message>
        <source>In line</source>
        <translation>En la fila</translation>
    </message>
    <message>
        <source>Estimated wait</source>
        <translation>Espera estimada</translation>
    </message>
    <message>
        <source>About %1 min</source>
        <translation>Unos %1 min</translation>
    </message>
    <message>
        <source>Working it out…</source>
        <translation>Calculando…</translation>
    </message>
    <message>
        <source>Leave the line</source>
        <translation>Salir de la fila</translation>
    </message>
</context>
<context>
    <name>ParticipatingTimedRelease</name>
    <message>
        <source>You're in</source>
        <translation>Ya estás dentro</translation>
    </message>
    <message>
        <source>Your access is being prepared. Please stay on this screen.</source>
        <translation>Estamos preparando tu acceso. Quédate en esta pantalla.</translation>
    </message>
    <message>
        <source>Release closes in</source>
        <translation>El lanzamiento cierra en</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Salir</translation>
    </message>
</context>
<context>
    <name>Ready</name>
    <message>
        <source>Have an entry reference?</source>
        <translation>¿Tienes una referencia de participación?</translation>
    </message>
    <message>
        <source>Ready when you are</source>
        <translation>Cuando quieras</translation>
    </message>
    <message>
        <source>Tap Start to join. It only takes a moment, and you can leave at any time.</source>
        <translation>Toca Empezar para unirte. Solo lleva un momento y puedes salir cuando quieras.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>Routing</name>
    <message>
        <source>One moment…</source>
        <translation>Un momento…</translation>
    </message>
    <message>
        <source>Finding your way in.</source>
        <translation>Buscando tu forma de entrar.</translation>
    </message>
</context>
<context>
    <name>Scheduled</name>
    <message>
        <source>It's open for you</source>
        <translation>Ya puedes pasar</translation>
    </message>
    <message>
        <source>Opening soon</source>
        <translation>Abre pronto</translation>
    </message>
    <message>
        <source>You were on the waitlist and your turn has come. Please see a member of staff.</source>
        <translation>Estabas en la lista de espera y te ha llegado el turno. Acude a un miembro del personal.</translation>
    </message>
    <message>
        <source>This release has not opened yet. The countdown shows when it does.</source>
        <translation>Este lanzamiento aún no ha abierto. La cuenta atrás indica cuándo abrirá.</translation>
    </message>
    <message>
        <source>Opens in</source>
        <translation>Abre en</translation>
    </message>
    <message>
        <source>You are on the waitlist: number %1.</source>
        <translation>Estás en la lista de espera: número %1.</translation>
    </message>
    <message>
        <source>You are on the waitlist.</source>
        <translation>Estás en la lista de espera.</translation>
    </message>
    <message>
        <source>Join the waitlist to be let in when it opens.</source>
        <translation>Únete a la lista de espera para entrar cuando abra.</translation>
    </message>
    <message>
        <source>Join the waitlist</source>
        <translation>Unirse a la lista de espera</translation>
    </message>
    <message>
        <source>Leave the waitlist</source>
        <translation>Salir de la lista de espera</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>Settling</name>
    <message>
        <source>Results coming</source>
        <translation>Resultados en camino</translation>
    </message>
    <message>
        <source>Bidding has closed. The result is being decided and will show here.</source>
        <translation>La subasta ha cerrado. Se está decidiendo el resultado y aparecerá aquí.</translation>
    </message>
    <message>
        <source>The draw has closed. Winners are being picked and the result will show here.</source>
        <translation>El sorteo ha cerrado. Se están eligiendo los ganadores y el resultado aparecerá aquí.</translation>
    </message>
    <message>
        <source>Result expected in</source>
        <translation>Resultado previsto en</translation>
    </message>
</context>
<context>
    <name>SlotPicker</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Mañana</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>De %1 a %2</translation>
    </message>
    <message>
        <source>%1, full</source>
        <translation>%1, completo</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>Times at %1</source>
        <translation>Horas en %1</translation>
    </message>
    <message>
        <source>No times are available at this kiosk right now. A member of staff can help.</source>
        <translation>No hay horas disponibles en este quiosco ahora mismo. Un miembro del personal puede ayudarte.</translation>
    </message>
</context>
<context>
    <name>Spinner</name>
    <message>
        <source>Working</source>
        <translation>Trabajando</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Close staff settings</source>
        <translation>Cerrar los ajustes del personal</translation>
    </message>
    <message>
        <source>Staff settings</source>
        <translation>Ajustes del personal</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>PIN del personal</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 s.</source>
        <translation>Demasiados PIN incorrectos. Inténtalo de nuevo en %1 s.</translation>
    </message>
    <message>
        <source>That PIN is not right.</source>
        <translation>Ese PIN no es correcto.</translation>
    </message>
    <message>
        <source>Enter the staff PIN.</source>
        <translation>Introduce el PIN del personal.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Next customer (wipe this visit)</source>
        <translation>Siguiente cliente (borrar esta visita)</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>Tamaño de texto normal</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texto más grande</translation>
    </message>
    <message>
        <source>Exit the kiosk</source>
        <translation>Salir del quiosco</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>StaleBadge</name>
    <message>
        <source>Updates paused – reconnecting</source>
        <translation>Actualizaciones en pausa – reconectando</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Connection lost. Showing your last update while we reconnect.</source>
        <translation>Se perdió la conexión. Mostramos tu última actualización mientras reconectamos.</translation>
    </message>
    <message>
        <source>Connection restored.</source>
        <translation>Conexión restablecida.</translation>
    </message>
    <message>
        <source>Your access has changed.</source>
        <translation>Tu acceso ha cambiado.</translation>
    </message>
    <message>
        <source>Your access has changed. Please check the details.</source>
        <translation>Tu acceso ha cambiado. Revisa los detalles.</translation>
    </message>
    <message>
        <source>Your time to check out has run out.</source>
        <translation>Se acabó tu tiempo para pagar.</translation>
    </message>
    <message>
        <source>We could not start. Please try again.</source>
        <translation>No pudimos empezar. Inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>We could not update this screen. Showing your last update.</source>
        <translation>No pudimos actualizar esta pantalla. Mostramos tu última actualización.</translation>
    </message>
    <message>
        <source>Please check the screen.</source>
        <translation>Revisa la pantalla, por favor.</translation>
    </message>
    <message>
        <source>Updated.</source>
        <translation>Actualizado.</translation>
    </message>
</context>
<context>
    <name>Unavailable</name>
    <message>
        <source>Not available right now</source>
        <translation>No disponible en este momento</translation>
    </message>
    <message>
        <source>There is nothing to join here at the moment. Please check back later, or ask a member of staff.</source>
        <translation>No hay nada a lo que unirse ahora mismo. Vuelve más tarde o pregunta a un miembro del personal.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>QrCode</name>
    <message>
        <source>QR code of %1</source>
        <translation>Código QR de %1</translation>
    </message>
</context>
<context>
    <name>AttractCard</name>
    <message>
        <source>%1 in line · about %2 min</source>
        <translation>%1 en la fila · unos %2 min</translation>
    </message>
    <message>
        <source>No line right now</source>
        <translation>Sin fila ahora mismo</translation>
    </message>
    <message>
        <source>Opens in %1</source>
        <translation>Abre en %1</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Agotado</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrado</translation>
    </message>
    <message>
        <source>Draw closes %1</source>
        <translation>El sorteo cierra a las %1</translation>
    </message>
    <message>
        <source>Current price %1</source>
        <translation>Precio actual %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>Quedan %1</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Abierto ahora</translation>
    </message>
</context>
<context>
    <name>ReferenceEntry</name>
    <message>
        <source>Enter your entry reference</source>
        <translation>Introduce tu referencia de participación</translation>
    </message>
    <message>
        <source>Have an entry reference?</source>
        <translation>¿Tienes una referencia de participación?</translation>
    </message>
    <message>
        <source>Type the 6-character reference you were given when you entered the draw.</source>
        <translation>Escribe la referencia de 6 caracteres que recibiste al participar en el sorteo.</translation>
    </message>
    <message>
        <source>That reference did not match an entry in this draw. Check it and try again.</source>
        <translation>Esa referencia no coincide con ninguna participación en este sorteo. Revísala e inténtalo de nuevo.</translation>
    </message>
    <message>
        <source>Too many tries. Wait a minute, then try again.</source>
        <translation>Demasiados intentos. Espera un minuto y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>This entry's result has already been claimed or has expired.</source>
        <translation>El resultado de esta participación ya se ha reclamado o ha caducado.</translation>
    </message>
    <message>
        <source>Type your reference</source>
        <translation>Escribe tu referencia</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>See my result</source>
        <translation>Ver mi resultado</translation>
    </message>
</context>
</TS>