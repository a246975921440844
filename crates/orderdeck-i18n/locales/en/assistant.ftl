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
