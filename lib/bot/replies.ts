import type { TBotLanguage } from "./language";

/**
 * Every text the rule engine sends, in English, Hindi (Devanagari) and Hinglish (romanised Hindi).
 * Hinglish replies stay in Latin script and Hindi replies in Devanagari: users answer in the script
 * they read. `{name}` placeholders are filled by `renderReply`.
 */
export const REPLIES = {
  greeting: {
    en: "Hello! Welcome to {business}. I can help with prices, opening hours, our address and booking an appointment.",
    hi: "नमस्ते! {business} में आपका स्वागत है। मैं कीमत, खुलने का समय, हमारा पता और अपॉइंटमेंट बुक करने में मदद कर सकता हूँ।",
    hinglish: "Namaste! {business} mein aapka swagat hai. Main price, timing, address aur appointment book karne mein madad kar sakta hoon.",
  },
  ask_need: {
    en: "What are you looking for? Tell me a little about what you need.",
    hi: "आप क्या ढूँढ रहे हैं? अपनी ज़रूरत के बारे में थोड़ा बताइए।",
    hinglish: "Aap kya dhoondh rahe hain? Apni zaroorat ke baare mein thoda bataiye.",
  },
  ask_budget: {
    en: "What budget do you have in mind? (for example: around 50k, or ₹2 lakh)",
    hi: "आपका बजट कितना है? (जैसे: लगभग 50 हज़ार, या 2 लाख)",
    hinglish: "Aapka budget kitna hai? (jaise: around 50k, ya 2 lakh)",
  },
  ask_timeline: {
    en: "When are you planning to buy? (for example: this week, next month, in 3 months)",
    hi: "आप कब तक खरीदने की सोच रहे हैं? (जैसे: इस हफ़्ते, अगले महीने, 3 महीने में)",
    hinglish: "Aap kab tak lene ka soch rahe hain? (jaise: is hafte, agle mahine, 3 mahine mein)",
  },
  ask_decision_role: {
    en: "Will you take the decision yourself, or together with someone else?",
    hi: "फ़ैसला आप खुद लेंगे, या किसी और के साथ मिलकर?",
    hinglish: "Decision aap khud lenge, ya kisi aur ke saath milkar?",
  },
  qualified_ack: {
    en: "Thanks, noted.",
    hi: "धन्यवाद, नोट कर लिया।",
    hinglish: "Thanks, note kar liya.",
  },
  qualified_done: {
    en: "Thank you, that helps a lot! Would you like to book a meeting with our team? Just say \"book\".",
    hi: "धन्यवाद, इससे बहुत मदद मिली! क्या आप हमारी टीम के साथ मीटिंग बुक करना चाहेंगे? बस \"बुक\" लिखिए।",
    hinglish: "Thank you, isse kaafi madad mili! Kya aap hamari team ke saath meeting book karna chahenge? Bas \"book\" likhiye.",
  },
  retry_question: {
    en: "Sorry, I didn't catch that. {question}",
    hi: "माफ़ कीजिए, मैं समझ नहीं पाया। {question}",
    hinglish: "Sorry, main samajh nahi paya. {question}",
  },
  no_info: {
    en: "I don't have that information yet. A colleague will follow up with you.",
    hi: "मेरे पास अभी यह जानकारी नहीं है। हमारे सहयोगी आपसे संपर्क करेंगे।",
    hinglish: "Mere paas abhi ye jaankari nahi hai. Hamare colleague aapse contact karenge.",
  },
  kb_other_language: {
    en: "{answer}",
    hi: "यह जानकारी अभी सिर्फ़ अंग्रेज़ी में उपलब्ध है:\n{answer}",
    hinglish: "Ye jaankari abhi English mein hai:\n{answer}",
  },
  fallback_unknown: {
    en: "Sorry, I didn't understand. I can help with prices, opening hours, our address, or booking, rescheduling and cancelling an appointment. You can also ask for a person.",
    hi: "माफ़ कीजिए, मैं समझ नहीं पाया। मैं कीमत, समय, पता, या अपॉइंटमेंट बुक करने, बदलने और रद्द करने में मदद कर सकता हूँ। आप किसी व्यक्ति से बात करने के लिए भी कह सकते हैं।",
    hinglish: "Sorry, main samajh nahi paya. Main price, timing, address, ya appointment book, reschedule aur cancel karne mein madad kar sakta hoon. Aap kisi insaan se baat karne ke liye bhi bol sakte hain.",
  },
  propose_book: {
    en: "Here are the next free slots. Tap the button to choose one, or reply with its number.",
    hi: "ये अगले खाली समय हैं। बटन दबाकर एक चुनिए, या उसका नंबर भेजिए।",
    hinglish: "Ye agle free slots hain. Button dabakar ek chuniye, ya uska number bhejiye.",
  },
  propose_reschedule: {
    en: "Your appointment is on {label}. Choose a new time, or reply with its number.",
    hi: "आपका अपॉइंटमेंट {label} को है। नया समय चुनिए, या उसका नंबर भेजिए।",
    hinglish: "Aapka appointment {label} ko hai. Naya time chuniye, ya uska number bhejiye.",
  },
  slots_button: {
    en: "Choose a slot",
    hi: "समय चुनें",
    hinglish: "Slot chuniye",
  },
  no_slots: {
    en: "There are no free slots right now. A colleague will contact you to find a time.",
    hi: "अभी कोई खाली समय नहीं है। हमारे सहयोगी समय तय करने के लिए आपसे संपर्क करेंगे।",
    hinglish: "Abhi koi free slot nahi hai. Hamare colleague time fix karne ke liye aapse contact karenge.",
  },
  slot_not_understood: {
    en: "Sorry, I couldn't tell which slot you mean. Reply with a number from 1 to {count}, or tap the button.",
    hi: "माफ़ कीजिए, मैं समझ नहीं पाया कि आप कौन-सा समय चाहते हैं। 1 से {count} तक कोई नंबर भेजिए, या बटन दबाइए।",
    hinglish: "Sorry, samajh nahi aaya ki aap kaunsa slot chahte hain. 1 se {count} tak koi number bhejiye, ya button dabaiye.",
  },
  slot_taken: {
    en: "Sorry, that slot was just taken. Here are the free ones now.",
    hi: "माफ़ कीजिए, वह समय अभी-अभी बुक हो गया। ये अभी खाली समय हैं।",
    hinglish: "Sorry, wo slot abhi-abhi book ho gaya. Ye abhi ke free slots hain.",
  },
  booked: {
    en: "Done! Your appointment is booked for {label}. You'll get a calendar invite.",
    hi: "हो गया! आपका अपॉइंटमेंट {label} के लिए बुक है। आपको कैलेंडर इनवाइट मिलेगा।",
    hinglish: "Ho gaya! Aapka appointment {label} ke liye book hai. Aapko calendar invite milega.",
  },
  rescheduled: {
    en: "Done! Your appointment is moved to {label}.",
    hi: "हो गया! आपका अपॉइंटमेंट {label} पर बदल दिया गया है।",
    hinglish: "Ho gaya! Aapka appointment {label} par shift kar diya hai.",
  },
  cancelled: {
    en: "Your appointment on {label} is cancelled. Message us any time to book again.",
    hi: "{label} का आपका अपॉइंटमेंट रद्द कर दिया गया है। दोबारा बुक करने के लिए कभी भी मैसेज करें।",
    hinglish: "{label} ka aapka appointment cancel kar diya hai. Dobara book karne ke liye kabhi bhi message karein.",
  },
  no_appointment: {
    en: "You don't have an appointment booked with us.",
    hi: "आपका हमारे साथ कोई अपॉइंटमेंट बुक नहीं है।",
    hinglish: "Aapka hamare saath koi appointment book nahi hai.",
  },
  already_booked: {
    en: "You already have an appointment on {label}. Reply \"reschedule\" to change it or \"cancel\" to cancel it.",
    hi: "आपका अपॉइंटमेंट पहले से {label} को बुक है। बदलने के लिए \"बदलें\" या रद्द करने के लिए \"रद्द\" लिखिए।",
    hinglish: "Aapka appointment pehle se {label} ko book hai. Badalne ke liye \"reschedule\" ya cancel karne ke liye \"cancel\" likhiye.",
  },
  escalate: {
    en: "I'm connecting you with a colleague. They will reply here shortly.",
    hi: "मैं आपको हमारे सहयोगी से जोड़ रहा हूँ। वे जल्द ही यहीं जवाब देंगे।",
    hinglish: "Main aapko hamare colleague se connect kar raha hoon. Wo jaldi yahin reply karenge.",
  },
  escalate_sentiment: {
    en: "I'm sorry about this. I'm passing you to a colleague right away.",
    hi: "इसके लिए हमें खेद है। मैं आपको तुरंत हमारे सहयोगी से जोड़ रहा हूँ।",
    hinglish: "Iske liye hum maafi chahte hain. Main aapko turant hamare colleague se connect kar raha hoon.",
  },
  opt_out: {
    en: "You won't receive any more messages from us. Sorry for the trouble.",
    hi: "अब आपको हमारी ओर से कोई मैसेज नहीं मिलेगा। तकलीफ़ के लिए माफ़ी।",
    hinglish: "Ab aapko hamari taraf se koi message nahi aayega. Takleef ke liye sorry.",
  },
  thanks: {
    en: "You're welcome! Anything else I can help with?",
    hi: "आपका स्वागत है! और किसी चीज़ में मदद कर सकता हूँ?",
    hinglish: "Koi baat nahi! Aur kisi cheez mein madad kar sakta hoon?",
  },
} as const satisfies Record<string, Record<TBotLanguage, string>>;

export type TReplyKey = keyof typeof REPLIES;

/** The reply text for `key` in `language`, with `{placeholders}` filled from `params`. */
export function renderReply(key: TReplyKey, language: TBotLanguage, params: Record<string, string | number> = {}): string {
  const template: string = REPLIES[key][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
