# The customer assistant's replies to buyers (English).
assistant-greeting = Hello! How can we help you today?
assistant-thanks = You're welcome, and thank you for shopping with us!
assistant-handover = Let me pass this to a member of our team — someone will reply shortly.
assistant-refuse = For your privacy we only discuss an order with the person who placed it. Please write from the account you ordered with, or send us the order number together with the phone number on it.
assistant-need-order-and-phone = Please send us your order number and the phone number you ordered with, and we'll check it right away.
assistant-no-orders = We can't find an order under this phone number. Could you send us the order number?
assistant-cod-yes = Yes, we ship cash on delivery (COD) anywhere in Vietnam: you pay when the parcel arrives.
assistant-cod-no = We don't take cash on delivery at the moment; please pay by bank transfer before we ship.
assistant-policy = { $text }
assistant-order = Order { $number } { $status }.
assistant-status-new = has been received and is being checked
assistant-status-backordered = is waiting for stock to arrive; we'll ship it as soon as it does
assistant-status-preparing = is being prepared for shipping
assistant-status-packed = is packed and waiting for the courier
assistant-status-shipped = is on its way
assistant-status-delivered = has been delivered
assistant-status-cancelled = was cancelled
assistant-status-returned = was returned
assistant-parcel = Courier: { $carrier }, tracking number { $tracking }.
assistant-expected = Expected delivery: { $date }.
assistant-sold-out-short = sold out
assistant-which-product = Which one do you mean: { $list }?
assistant-no-such-variant = { $product } doesn't come in that option. We have: { $list }.
assistant-stock-one = { $product } ({ $variant }) is { $price }, and we have { $available } in stock.
assistant-stock-sold-out = { $product } ({ $variant }) is { $price }, but it's sold out right now.
assistant-stock-many = { $product } is { $price }. In stock: { $list }.
assistant-buy-which = { $product }: which option would you like? We have: { $list }.
assistant-buy-short = Sorry, we only have { $available } of { $product } ({ $variant }) left.
assistant-buy = { $product } ({ $variant }) is { $price } each and we have { $quantity ->
    [one] it
   *[other] { $quantity }
} ready for you. Please send your full name, phone number and delivery address, and we'll place the order.
assistant-sale-what = Which product would you like? Send us its name, colour and size.
assistant-sale-need = We'll put { $quantity } × { $product } ({ $variant }) at { $price } each on an order for you. Please send us { $missing }.
assistant-sale-field-name = the receiver's full name
assistant-sale-field-phone = a phone number
assistant-sale-field-address = the delivery address (house number, street, ward, district, province)
assistant-sale-and = and
assistant-sale-done = Your order { $number } is placed: { $quantity } × { $product } ({ $variant }), { $total } in total ({ $payment }), to { $address }. We'll send the tracking number when it ships. Thank you!
assistant-sale-done-short = We've taken your order { $number }. The item is out of stock for the moment; one of our staff will tell you when it arrives.
assistant-sale-pay-cod = cash on delivery
assistant-sale-pay-prepaid = paid by transfer
assistant-sale-failed = We couldn't place the order automatically; one of our staff will check and reply shortly.
assistant-order-note = Order taken by the assistant in chat.
